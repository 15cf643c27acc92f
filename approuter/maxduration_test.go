package approuter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMaxDuration(t *testing.T) {
	tests := []struct {
		decl    string
		want    int
		wantErr string // in the error; "" for none
	}{
		{"", 0, ""},
		{"const MaxDuration = 30", 30, ""},
		{"var MaxDuration = 30", 30, ""},
		{"const MaxDuration int = 30", 30, ""},
		{"var MaxDuration int64 = 0x10", 16, ""},
		{"const (\n\tA = 1\n\tMaxDuration = 5\n)", 5, ""},
		{"const MaxDuration time.Duration = 30", 0, "has type time.Duration"},
		{"const MaxDuration float64 = 30", 0, "has type float64"},
		{"const MaxDuration = 0", 0, "is 0"},
		{"const MaxDuration = 30.5", 0, "not an integer literal"},
		{"const MaxDuration = 10 * 3", 0, "not an integer literal"},
		{"const MaxDuration = other", 0, "not an integer literal"},
		{"var MaxDuration = int(30)", 0, "not an integer literal"},
		{"var MaxDuration int", 0, "has no value"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		file := filepath.Join(dir, "route.go")
		src := "package route\n\nimport \"time\"\n\nvar _ time.Duration\n\n" + tt.decl + "\n"
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadMaxDuration(file)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.decl, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%q: error %v, want one containing %q", tt.decl, err, tt.wantErr)
		case got != tt.want:
			t.Errorf("%q: %d, want %d", tt.decl, got, tt.want)
		}
	}
}

func TestMaxDurationOnlyFromRouteFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "route.go"), []byte("package route\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "config.go"), []byte("package route\n\nconst MaxDuration = 9\n"), 0o644)
	if got, err := ReadMaxDuration(filepath.Join(dir, "route.go")); got != 0 || err != nil {
		t.Errorf("a sibling's MaxDuration: got %d, %v; want 0, nil (Next.js reads route.go only)", got, err)
	}
}
