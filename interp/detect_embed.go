package interp

import (
	"go/token"

	"github.com/devserver/devserver/internal/desugar"
)

// embedFSConstruct names an embed.FS variable under //go:embed, for the
// log.
const embedFSConstruct = "an embed.FS variable (//go:embed)"

func init() {
	register(embedFSConstruct, findEmbedFS)
}

// findEmbedFS finds the embed.FS variables under //go:embed directives
// when desugar.EmbedFS cannot make the embed.FS the compiler makes (a
// standard library whose embed.FS it does not know): yaegi ignores the
// directive, so the file system would be empty in dev, and the package runs
// compiled instead, where ReadFile, ReadDir, fs.WalkDir, http.FileServerFS
// and template.ParseFS see what a build sees. Otherwise the embedVars pass
// gives the variables their files.
func findEmbedFS(f *folder, sf *srcFile) []token.Pos {
	if desugar.EmbedFSExact {
		return nil
	}
	vars, _ := embedDirectives(f, sf)
	var out []token.Pos
	for _, v := range vars {
		if v.spec.Type != nil && isEmbedFS(sf, v.spec.Type) {
			out = append(out, v.pos)
		}
	}
	return out
}
