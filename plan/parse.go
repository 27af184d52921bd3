package plan

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

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
			c.errorf(file, 0, "", "ugyldig YAML: filen kunne ikke leses")
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			reportSyntax(file, err, c)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		reportSyntax(file, err, c)
	case !isNull(&extra) && !(len(extra.Content) == 1 && isNull(extra.Content[0])):
		c.errorf(file, extra.Line, "", "filen har mer enn ett YAML-dokument (skilt med «---»); bare det første leses")
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

// syntaxMessages translates yaml.v3's messages, matched by substring.
var syntaxMessages = []struct{ en, nb string }{
	{"mapping values are not allowed", "kolon («:») på et sted der det ikke er tillatt; sett teksten i anførselstegn eller sjekk innrykket"},
	{"did not find expected key", "fant ikke forventet nøkkel; sjekk innrykket"},
	{"did not find expected '-' indicator", "forventet et nytt listepunkt («- »); sjekk innrykket"},
	{"did not find expected ',' or ']'", "listen i klammer («[ ]») er ikke avsluttet med «]»"},
	{"did not find expected ',' or '}'", "samlingen i krøllparenteser («{ }») er ikke avsluttet med «}»"},
	{"tab character", "tabulator i innrykk; bruk mellomrom"},
	{"found character that cannot start any token", "tegn som ikke kan starte en verdi (tabulator, «@» eller «`»?); sett teksten i anførselstegn"},
	{"found unexpected end of stream", "filen slutter midt i en verdi; mangler et avsluttende anførselstegn?"},
	{"could not find expected ':'", "fant ikke forventet kolon («:»)"},
	{"block sequence entries are not allowed", "listepunkt («- ») er ikke tillatt her; sjekk innrykket"},
	{"did not find expected node content", "forventet en verdi"},
	{"unknown escape character", "ukjent escape-tegn («\\») i tekst i anførselstegn"},
	{"control characters are not allowed", "filen inneholder kontrolltegn som ikke er tillatt"},
	{"invalid leading UTF-8 octet", "filen er ikke gyldig UTF-8; lagre den som UTF-8"},
	{"incomplete UTF-8 octet sequence", "filen er ikke gyldig UTF-8; lagre den som UTF-8"},
	{"invalid trailing UTF-8 octet", "filen er ikke gyldig UTF-8; lagre den som UTF-8"},
	{"invalid Unicode character", "filen er ikke gyldig UTF-8; lagre den som UTF-8"},
	{"exceeded max depth", "for dyp nesting"},
	{"did not find expected <document start>", "forventet starten på et dokument"},
	{"found undefined tag handle", "ukjent tagg («!»)"},
	{"did not find expected alphabetic or numeric character", "alias eller anker («*», «&») uten navn"},
}

// reportSyntax reports a yaml.v3 parse error with its line and a bokmål
// description; an unknown message is kept in English after a bokmål lead.
func reportSyntax(file string, err error, c *collector) {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		c.errorf(file, line, "", "ugyldig YAML: alias «*%s» viser til et anker «&%s» som ikke finnes", m[1], m[1])
		return
	}
	for _, t := range syntaxMessages {
		if strings.Contains(msg, t.en) {
			c.errorf(file, line, "", "ugyldig YAML: %s", t.nb)
			return
		}
	}
	c.errorf(file, line, "", "ugyldig YAML (%s)", msg)
}
