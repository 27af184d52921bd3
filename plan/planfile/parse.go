package planfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"go.yaml.in/yaml/v3"
)

// parseYAML parses data and returns the root node of its first document,
// or nil when the file is empty or cannot be parsed (reported to c). A
// second document ("---") is reported, since its content would be ignored.
func parseYAML(file string, data []byte, c *collector) (root *yaml.Node) {
	defer func() {
		// yaml.v3 has panicked on malformed input before; a bad file must
		// never take the bot down.
		if r := recover(); r != nil {
			c.errorf(file, 0, "", "plan.yaml.panic", nil)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			reportSyntax(file, data, err, c)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		reportSyntax(file, data, err, c)
	case !isNull(&extra) && !(len(extra.Content) == 1 && isNull(extra.Content[0])):
		c.errorf(file, extra.Line, "", "plan.yaml.multi_doc", nil)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return nil
}

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
)

// syntaxMessages translates yaml.v3's messages, matched by substring, to
// catalog ids (plan.yaml.*).
var syntaxMessages = []struct{ en, id string }{
	{"mapping values are not allowed", "plan.yaml.mapping_values"},
	{"did not find expected key", "plan.yaml.expected_key"},
	{"did not find expected '-' indicator", "plan.yaml.expected_dash"},
	{"did not find expected ',' or ']'", "plan.yaml.unclosed_seq"},
	{"did not find expected ',' or '}'", "plan.yaml.unclosed_map"},
	{"tab character", "plan.yaml.tab"},
	{"found character that cannot start any token", "plan.yaml.bad_token"},
	{"found unexpected end of stream", "plan.yaml.eof"},
	{"could not find expected ':'", "plan.yaml.expected_colon"},
	{"block sequence entries are not allowed", "plan.yaml.seq_not_allowed"},
	{"did not find expected node content", "plan.yaml.expected_node"},
	{"unknown escape character", "plan.yaml.bad_escape"},
	{"control characters are not allowed", "plan.yaml.control_chars"},
	{"invalid leading UTF-8 octet", "plan.yaml.utf8"},
	{"incomplete UTF-8 octet sequence", "plan.yaml.utf8"},
	{"invalid trailing UTF-8 octet", "plan.yaml.utf8"},
	{"invalid Unicode character", "plan.yaml.utf8"},
	{"exceeded max depth", "plan.yaml.too_deep"},
	{"did not find expected <document start>", "plan.yaml.doc_start"},
	{"found undefined tag handle", "plan.yaml.tag_handle"},
	{"did not find expected alphabetic or numeric character", "plan.yaml.anchor_name"},
}

// reportSyntax reports a yaml.v3 parse error with its line and a
// description in the plan's language; an unknown message is kept in
// English after a translated lead.
func reportSyntax(file string, data []byte, err error, c *collector) {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		c.errorf(file, line, "", "plan.yaml.unknown_anchor", i18n.Args{"Name": m[1]})
		return
	}
	for _, t := range syntaxMessages {
		if strings.Contains(msg, t.en) {
			if t.id == "plan.yaml.tab" {
				line = tabLine(data, line)
			}
			c.errorf(file, line, "", "plan.yaml.syntax", i18n.Args{"Detail": i18n.M(t.id, nil)})
			return
		}
	}
	c.errorf(file, line, "", "plan.yaml.other", i18n.Args{"Detail": msg})
}

// tabLine returns the line of the first tab in an indentation at or after
// line: yaml.v3 reports a tab at the line of the key before it.
func tabLine(data []byte, line int) int {
	first := 0
	for i, l := range strings.Split(string(data), "\n") {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !strings.Contains(indent, "\t") {
			continue
		}
		if i+1 >= line {
			return i + 1
		}
		if first == 0 {
			first = i + 1
		}
	}
	if first > 0 {
		return first
	}
	return line
}
