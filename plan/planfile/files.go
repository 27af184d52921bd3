package planfile

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// fileOrganisationAlt is organisasjon.yaml as Swedish and English write
// it, accepted in every language: språk is read from this file, so its
// name cannot depend on it.
const fileOrganisationAlt = "organisation.yaml"

// filesSV are the Swedish names of the plan's files and folders, folded
// and without extension, accepted in a plan with språk: sv.
var filesSV = map[string]string{
	"larmlistor":          fileLists,
	"kritiska-funktioner": fileFunctions,
	"rsa":                 fileROS,
	"mallar":              fileTemplates,
	"moten":               fileMeetings,
	"rollkort":            dirRoles,
	"atgardskort":         dirCards,
}

// canonicalFile returns the bokmål name of a top-level file or folder
// name as a plan of lang may write it ("kritiska-funktioner.yaml" in a
// Swedish plan is kritiske-funksjoner.yaml), or name itself.
func canonicalFile(name string, lang i18n.Lang) string {
	if name == fileOrganisationAlt {
		return fileOrganisation
	}
	if lang != i18n.Swedish {
		return name
	}
	ext := path.Ext(name)
	stem := plan.Fold(strings.TrimSuffix(name, ext))
	if c, ok := filesSV[stem]; ok {
		if ext == "" {
			return c // a folder
		}
		if path.Ext(c) != "" {
			return c
		}
	}
	return name
}

// suggestFile returns the plan file a misspelt file name most likely
// means, or "". File names are long, so a few more edits are allowed than
// for field names: a quarter of the name's length, at least two. A
// Swedish plan is also offered the Swedish names.
func suggestFile(name string, lang i18n.Lang) string {
	known := knownFiles
	if lang == i18n.Swedish {
		known = append(append([]string(nil), known...), "larmlistor.yaml", "kritiska-funktioner.yaml", "rsa.yaml", "mallar.yaml", "möten.yaml")
	}
	stem := plan.Fold(strings.TrimSuffix(name, path.Ext(name)))
	if c, ok := filesSV[stem]; ok && path.Ext(c) != "" {
		return c // a Swedish name in a plan that is not Swedish
	}
	best, bestDist := "", 1<<30
	for _, k := range known {
		ks := plan.Fold(strings.TrimSuffix(k, path.Ext(k)))
		d := levenshtein.ComputeDistance(stem, ks)
		if d <= max(2, len(ks)/4) && d < len(ks) && d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// followOn lists, per file or folder that may fail to be read, the
// messages that then follow from it elsewhere: every reference to what it
// would have defined.
var followOn = map[string][]string{
	fileContacts:  {"plan.ref.contact", "plan.measure.owner", "plan.admin.not_member"},
	fileLists:     {"plan.ref.list"},
	fileTemplates: {"plan.ref.template"},
	dirRoles:      {"plan.ref.role", "plan.measure.owner", "plan.access.unknown"},
	dirCards:      {"plan.ref.card"},
}

// markUnread records that the file name (as written) could not be read
// or parsed, under the file or folder it stands for.
func (l *loader) markUnread(name string) {
	dir, base := path.Split(name)
	key := canonicalFile(base, l.lang)
	if dir != "" {
		key = canonicalFile(strings.TrimSuffix(dir, "/"), l.lang)
	}
	if _, ok := followOn[key]; !ok {
		return
	}
	if l.unread == nil {
		l.unread = map[string]string{}
	}
	if _, ok := l.unread[key]; !ok {
		l.unread[key] = name
	}
}

// dropFollowOn leaves out the errors that only follow from a file that
// could not be read («ukjent kontakt» everywhere after a syntax error in
// kontakter.yaml), and says so in one note on that file.
func (c *collector) dropFollowOn(unread map[string]string) {
	if len(unread) == 0 {
		return
	}
	dropped := map[string]int{}
	kept := c.ds[:0]
	for _, d := range c.ds {
		if file := followsFrom(d, unread); file != "" {
			dropped[file]++
			continue
		}
		kept = append(kept, d)
	}
	c.ds = kept
	for file, n := range dropped {
		// On the line of the file's own error, so it follows that error.
		line := 0
		for _, d := range c.ds {
			if d.File == file && d.Severity == SeverityError {
				line = d.Line
				break
			}
		}
		c.ds = append(c.ds, Diagnostic{File: file, Line: line, ID: "plan.load.follow_on", Args: i18n.Args{"Count": n}, Severity: SeverityNote})
	}
}

// followsFrom returns the unread file d follows from, or "".
func followsFrom(d Diagnostic, unread map[string]string) string {
	if d.Severity != SeverityError {
		return ""
	}
	for key, file := range unread {
		for _, id := range followOn[key] {
			if d.ID == id && d.File != file {
				return file
			}
		}
	}
	return ""
}

// linkEscapes reports whether the symbolic link name leads outside the
// plan directory: through an absolute target, or by climbing out with "..",
// directly or through further links. LoadDir's os.Root refuses such links
// on open as well; this check gives the clear message, and guards Load on
// a file system without os.Root's protection (os.DirFS).
func (l *loader) linkEscapes(name string) bool {
	const maxHops = 40
	var resolved []string
	parts := strings.Split(name, "/")
	for hops := 0; len(parts) > 0; {
		p := parts[0]
		parts = parts[1:]
		switch p {
		case "", ".":
			continue
		case "..":
			if len(resolved) == 0 {
				return true
			}
			resolved = resolved[:len(resolved)-1]
			continue
		}
		cur := path.Join(append(resolved, p)...)
		fi, err := fs.Lstat(l.fsys, cur)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			// Missing, unreadable or a plain entry: opening decides.
			resolved = append(resolved, p)
			continue
		}
		target, err := fs.ReadLink(l.fsys, cur)
		if hops++; err != nil || hops > maxHops {
			return false
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return true
		}
		parts = append(strings.Split(target, "/"), parts...)
	}
	return false
}
