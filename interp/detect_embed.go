package interp

import "go/token"

// embedFSConstruct names an embed.FS variable under //go:embed, for the
// log.
const embedFSConstruct = "an embed.FS variable (//go:embed)"

func init() {
	register(embedFSConstruct, findEmbedFS)
}

// findEmbedFS finds the embed.FS variables under //go:embed directives.
// yaegi ignores the directive, so the file system was empty in dev, and no
// embed.FS holding files can be made but by the compiler: the package
// runs compiled, where ReadFile, ReadDir, fs.WalkDir, http.FileServerFS
// and template.ParseFS see what a build sees. (String and []byte
// variables are given their content by the embedVars pass instead.)
func findEmbedFS(f *folder, sf *srcFile) []token.Pos {
	vars, _ := embedDirectives(f, sf)
	var out []token.Pos
	for _, v := range vars {
		if v.spec.Type != nil && isEmbedFS(sf, v.spec.Type) {
			out = append(out, v.pos)
		}
	}
	return out
}
