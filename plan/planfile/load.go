package planfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"go.yaml.in/yaml/v3"
)

// The fixed file names of a plan directory.
const (
	fileOrganisation = "organisasjon.yaml"
	fileContacts     = "kontakter.yaml"
	fileLists        = "varslingslister.yaml"
	fileFunctions    = "kritiske-funksjoner.yaml"
	fileROS          = "ros.yaml"
	fileTemplates    = "maler.yaml"
	fileMeetings     = "moter.yaml"
	fileSchedule     = "arshjul.yaml"
	dirRoles         = "rollekort"
	dirCards         = "tiltakskort"
)

// keyLanguage is the key of Organisation.Language, which Load reads
// before anything else.
const keyLanguage = "språk"

// maxFileSize bounds one plan file; a plan file is a few kilobytes.
const maxFileSize = 4 << 20

// knownFiles lists the fixed names, for suggestions on misspelt files.
var knownFiles = []string{fileOrganisation, fileContacts, fileLists, fileFunctions, fileROS, fileTemplates, fileMeetings, fileSchedule}

// Load reads the plan directory fsys (rooted at the plan directory) and
// validates it. It always returns a usable *Plan, possibly partial, with
// its indexes built; the diagnostics list every problem found, sorted by
// file and line, with Diagnostic.File the path inside fsys
// ("tiltakskort/strom.yaml"). Errors in the diagnostics mean the plan
// should not be put in service; warnings may be shown and ignored. Load
// never panics on any file content.
func Load(fsys fs.FS) (*plan.Plan, Diagnostics) {
	l := &loader{fsys: fsys, p: &plan.Plan{Lang: i18n.Default}}
	l.readAll()
	validate(l.p, &l.c, l.rosScalePos)
	l.c.dropFollowOn(l.unread)
	l.p.Reindex()
	l.c.render(l.p.Lang)
	sortDiagnostics(l.c.ds)
	return l.p, l.c.ds
}

// LoadDir is Load on the directory dir of the local file system;
// Diagnostic.File stays relative to dir. A missing or unreadable dir is
// reported as an error diagnostic, not a panic. Files are opened through
// an os.Root, so a symbolic link that leads outside dir (absolute, or
// through "..") is refused with an error naming the file, and nothing of
// the file it points to is read or quoted.
func LoadDir(dir string) (*plan.Plan, Diagnostics) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		// One line naming the directory, not the follow-on «filen mangler».
		p, _ := Load(errFS{err})
		var c collector
		if errors.Is(err, fs.ErrNotExist) {
			c.errorf(dir, 0, "", "plan.load.no_dir", nil)
		} else {
			c.errorf(dir, 0, "", "plan.load.dir_unreadable", i18n.Args{"Err": err.Error()})
		}
		c.render(p.Lang)
		return p, c.ds
	}
	defer root.Close()
	return Load(root.FS())
}

// errFS is a file system that cannot be opened, for a plan directory that
// does not exist.
type errFS struct{ err error }

func (e errFS) Open(string) (fs.File, error) { return nil, e.err }

type loader struct {
	fsys   fs.FS
	p      *plan.Plan
	c      collector
	sawOrg bool
	lang   i18n.Lang // from språk in organisasjon.yaml, read first
	// rosScalePos is where ros.yaml's «skala» stood, for its diagnostic.
	rosScalePos plan.Pos
	// unread holds the files that could not be read or parsed, by the
	// file or folder they stand for (see markUnread).
	unread map[string]string
}

// readAll walks the directory and decodes every plan file, in lexical
// order so roles and cards keep a stable order. organisasjon.yaml goes
// first: its språk decides which field names the other files may use.
func (l *loader) readAll() {
	l.lang = i18n.Default
	var names []string
	err := fs.WalkDir(l.fsys, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return err
			}
			l.c.errorf(name, 0, "", "plan.load.unreadable", i18n.Args{"Err": err.Error()})
			return nil
		}
		if e.IsDir() {
			if name != "." && strings.HasPrefix(e.Name(), ".") {
				return fs.SkipDir // .git and friends
			}
			return nil
		}
		if strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 && l.linkEscapes(name) {
			l.c.errorf(name, 0, "", "plan.load.link_outside", nil)
			return nil
		}
		if name == fileOrganisation || name == fileOrganisationAlt {
			l.file(name)
		} else {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		l.c.errorf(".", 0, "", "plan.load.dir_unreadable", i18n.Args{"Err": err.Error()})
	}
	for _, name := range names {
		l.file(name)
	}
	if !l.sawOrg {
		l.c.errorf(fileOrganisation, 0, "", "plan.load.no_org", nil)
		l.p.Org.Pos = plan.Pos{File: fileOrganisation}
	}
}

// file dispatches one file by its path.
func (l *loader) file(name string) {
	ext := strings.ToLower(path.Ext(name))
	if ext != ".yaml" && ext != ".yml" {
		return // README.md and the like
	}
	dir, base := path.Split(name)
	if dir != "" {
		dir = canonicalFile(strings.TrimSuffix(dir, "/"), l.lang) + "/"
	}
	switch dir {
	case "":
		switch canonicalFile(base, l.lang) {
		case fileOrganisation:
			l.sawOrg = true
			l.organisation(name)
		case fileMeetings:
			l.single(name, &l.p.Meetings)
		case fileContacts:
			l.lists(name, listTarget{"kontakter", &l.p.Contacts})
		case fileLists:
			l.lists(name, listTarget{"varslingslister", &l.p.Lists})
		case fileFunctions:
			l.lists(name, listTarget{"funksjoner", &l.p.Functions})
		case fileROS:
			l.lists(name, listTarget{"ros", &l.p.ROS}, listTarget{"skala", &l.p.ROSScale})
		case fileTemplates:
			l.lists(name, listTarget{"maler", &l.p.Templates})
		case fileSchedule:
			l.lists(name, listTarget{"ovelser", &l.p.Exercises}, listTarget{"revisjoner", &l.p.Reviews})
		default:
			l.c.warnf(name, 0, "", "plan.load.unknown_file", i18n.Args{"Suggest": suggestFile(base, l.lang)})
		}
	case dirRoles + "/":
		if r := new(plan.Role); l.card(name, r, "plan.load.empty_role") {
			l.p.Roles = append(l.p.Roles, r)
		}
	case dirCards + "/":
		if a := new(plan.ActionCard); l.card(name, a, "plan.load.empty_card") {
			l.p.Cards = append(l.p.Cards, a)
		}
	default:
		l.c.warnf(name, 0, "", "plan.load.misplaced_file", nil)
	}
}

// read returns the file's content, or nil after reporting why it cannot.
func (l *loader) read(name string) ([]byte, bool) {
	f, err := l.fsys.Open(name)
	if err != nil {
		// A link that leads outside through another link ends here under
		// os.Root. The error names the path, never the content.
		if fi, lerr := fs.Lstat(l.fsys, name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 && !errors.Is(err, fs.ErrNotExist) {
			l.c.errorf(name, 0, "", "plan.load.link_outside", nil)
			l.markUnread(name)
			return nil, false
		}
		l.c.errorf(name, 0, "", "plan.load.cannot_open", i18n.Args{"Err": err.Error()})
		l.markUnread(name)
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		l.c.errorf(name, 0, "", "plan.load.unreadable", i18n.Args{"Err": err.Error()})
		l.markUnread(name)
		return nil, false
	}
	if len(data) > maxFileSize {
		l.c.errorf(name, 0, "", "plan.load.too_large", i18n.Args{"MB": maxFileSize >> 20})
		l.markUnread(name)
		return nil, false
	}
	return data, true
}

// parse parses one file; one that cannot be parsed at all is marked
// unread, so the errors that only follow from it are left out.
func (l *loader) parse(name string, data []byte) *yaml.Node {
	before := len(l.c.ds)
	root := parseYAML(name, data, &l.c)
	if root == nil && len(l.c.ds) > before {
		l.markUnread(name)
	}
	return root
}

// single decodes a file that is one mapping (organisasjon.yaml, moter.yaml)
// into v, a pointer to a struct embedding Pos.
func (l *loader) single(name string, v any) {
	rv := reflect.ValueOf(v).Elem()
	pos := rv.FieldByName("Pos").Addr().Interface().(*plan.Pos)
	*pos = plan.Pos{File: name, Line: 1}
	data, ok := l.read(name)
	if !ok {
		return
	}
	root := l.parse(name, data)
	if root == nil {
		return
	}
	d := &decoder{file: name, c: &l.c, lang: l.lang}
	d.value(root, rv, "")
}

// organisation reads organisasjon.yaml: first its språk, which decides
// the keys this and the other files may use, then the whole file.
func (l *loader) organisation(name string) {
	l.p.Org.Pos = plan.Pos{File: name, Line: 1}
	data, ok := l.read(name)
	if !ok {
		return
	}
	root := l.parse(name, data)
	if root == nil {
		return
	}
	d := &decoder{file: name, c: &l.c}
	if r := d.resolve(root); r != nil && r.Kind == yaml.MappingNode {
		info := infoOf(reflect.TypeFor[plan.Organisation]())
		for i := 0; i+1 < len(r.Content); i += 2 {
			k, v := d.resolve(r.Content[i]), d.resolve(r.Content[i+1])
			if k == nil || v == nil || v.Kind != yaml.ScalarNode {
				continue
			}
			if key, _ := info.lookup(k.Value, ""); key == keyLanguage {
				if lang, ok := i18n.ParseLang(v.Value); ok {
					l.lang = lang
				}
			}
		}
	}
	d.lang = l.lang
	d.value(root, reflect.ValueOf(&l.p.Org).Elem(), "")
}

// card decodes a role or action card file into v and reports whether it
// holds a card worth keeping (an empty or unparsable file does not).
// emptyID is the message for an empty file.
func (l *loader) card(name string, v any, emptyID string) bool {
	data, ok := l.read(name)
	if !ok {
		return false
	}
	root := l.parse(name, data)
	if isNull(root) {
		if !l.c.hasErrorIn(name) {
			l.c.errorf(name, 0, "", emptyID, nil)
		}
		return false
	}
	d := &decoder{file: name, c: &l.c, lang: l.lang}
	return d.value(root, reflect.ValueOf(v).Elem(), "")
}

// listTarget is one top-level list key of a file and the slice
// (*[]*T) its items go into.
type listTarget struct {
	key  string
	dest any
}

// lists decodes a file whose root is a mapping of list keys
// ("kontakter: [ … ]"); each item is decoded as its own top-level object,
// so diagnostics name its fields without the list prefix.
func (l *loader) lists(name string, targets ...listTarget) {
	data, ok := l.read(name)
	if !ok {
		return
	}
	d := &decoder{file: name, c: &l.c, lang: l.lang}
	root := d.resolve(l.parse(name, data))
	if isNull(root) {
		return
	}
	// The keys as this plan writes them, for messages, and all accepted
	// spellings, for suggestions.
	shown := make([]string, len(targets))
	var known []string
	for i, t := range targets {
		shown[i] = t.key
		known = append(known, t.key)
		if sv, ok := listKeysSV[t.key]; ok && l.lang == i18n.Swedish {
			shown[i] = sv
			known = append(known, sv)
		}
	}
	sort.Strings(shown)
	sort.Strings(known)
	if root.Kind != yaml.MappingNode {
		args := i18n.Args{"Key": shown[0], "Found": describe(root)}
		id := "plan.load.top_key"
		if len(shown) > 1 {
			id, args["Other"] = "plan.load.top_keys", shown[1]
		}
		l.c.errorf(name, root.Line, "", id, args)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := d.resolve(root.Content[i]), d.resolve(root.Content[i+1])
		if kn == nil || kn.Kind != yaml.ScalarNode {
			l.c.errorf(name, root.Content[i].Line, "", "plan.decode.key_not_scalar", nil)
			continue
		}
		var dest any
		key := kn.Value
		for _, t := range targets {
			sv, hasSV := listKeysSV[t.key]
			if t.key == kn.Value || (hasSV && l.lang == i18n.Swedish && plan.Fold(sv) == plan.Fold(kn.Value)) {
				dest, key = t.dest, t.key
			}
		}
		switch {
		case dest == nil:
			l.c.errorf(name, kn.Line, "", "plan.decode.unknown_field", unknownArgs(kn.Value, known))
			continue
		case seen[key]:
			l.c.errorf(name, kn.Line, key, "plan.load.duplicate_list", nil)
			continue
		case vn == nil:
			l.c.errorf(name, kn.Line, key, "plan.decode.bad_alias", nil)
			continue
		case isNull(vn):
			continue
		case reflect.TypeOf(dest).Elem().Kind() != reflect.Slice:
			// A setting beside the lists, such as ros.yaml's «skala: 5».
			seen[kn.Value] = true
			d.value(vn, reflect.ValueOf(dest).Elem(), kn.Value)
			if dest == any(&l.p.ROSScale) {
				l.rosScalePos = plan.Pos{File: name, Line: kn.Line, Fields: map[string]int{kn.Value: kn.Line}}
			}
			continue
		case vn.Kind != yaml.SequenceNode:
			d.typeErr(vn, key, "plan.kind.list")
			continue
		}
		seen[key] = true
		slice := reflect.ValueOf(dest).Elem()
		for _, item := range vn.Content {
			elem := reflect.New(slice.Type().Elem().Elem())
			if d.value(item, elem.Elem(), "") {
				slice.Set(reflect.Append(slice, elem))
			}
			if d.aborted {
				return
			}
		}
	}
}
