package fakeslack

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Files returns snapshots of all files, ordered by ID (the order in which
// files.getUploadURLExternal reserved them).
func (s *Server) Files() []File {
	s.mu.Lock()
	ids := make([]string, 0, len(s.files))
	for id := range s.files {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	slices.Sort(ids)
	out := make([]File, 0, len(ids))
	for _, id := range ids {
		if f, ok := s.File(id); ok {
			out = append(out, f)
		}
	}
	return out
}

// filesGetUploadURLExternal reserves a file ID and hands out an upload URL
// on this server.
func (s *Server) filesGetUploadURLExternal(req *request) (map[string]any, *Failure) {
	name := req.params.Get("filename")
	length, err := strconv.Atoi(req.params.Get("length"))
	if name == "" || err != nil || length <= 0 {
		return fail("invalid_arguments")
	}
	f := &File{ID: s.nextIDLocked("F"), Name: name, Length: length, AltText: req.params.Get("alt_txt")}
	s.files[f.ID] = f
	return map[string]any{"upload_url": s.base() + "/upload/v1/" + f.ID, "file_id": f.ID}, nil
}

// serveUpload takes the bytes of a file, as a multipart form (field "file",
// what slack-go sends) or as the raw body. Like Slack's upload host it needs
// no token, and it answers "OK - <bytes>".
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	call := Call{Method: MethodUpload, Params: url.Values{"file_id": {id}}, At: s.now()}
	if s.intercept(w, r, call) {
		return
	}
	data, err := readUpload(r)
	if err != nil {
		s.record(call, http.StatusBadRequest, "http 400")
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	f := s.files[id]
	if f != nil {
		f.Content = data
		f.Uploaded = true
	}
	s.mu.Unlock()
	if f == nil {
		s.record(call, http.StatusNotFound, "http 404")
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	s.record(call, http.StatusOK, "")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

func readUpload(r *http.Request) ([]byte, error) {
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "multipart/") {
		return io.ReadAll(r.Body)
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("no file part in the upload")
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() == "file" {
			return io.ReadAll(part)
		}
	}
}

// filesCompleteUploadExternal finishes uploads and shares the files, as one
// file_share message per channel.
func (s *Server) filesCompleteUploadExternal(req *request) (map[string]any, *Failure) {
	var summaries []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(req.params.Get("files")), &summaries); err != nil || len(summaries) == 0 {
		return fail("invalid_arguments")
	}
	var files []*File
	for _, sm := range summaries {
		f := s.files[sm.ID]
		if f == nil || !f.Uploaded {
			return fail("file_not_found")
		}
		files = append(files, f)
	}
	var targets []string
	if c := req.params.Get("channel_id"); c != "" {
		targets = append(targets, c)
	}
	if cs := req.params.Get("channels"); cs != "" {
		targets = append(targets, strings.Split(cs, ",")...)
	}
	var chans []*Channel
	for _, t := range targets {
		ch := s.resolveLocked(strings.TrimSpace(t))
		if ch == nil {
			return fail("channel_not_found")
		}
		chans = append(chans, ch)
	}
	var blocks json.RawMessage
	if req.params.Has("blocks") {
		raw, ok := rawJSON(req.params.Get("blocks"))
		if !ok {
			return fail("invalid_blocks_format")
		}
		blocks = raw
	}

	out := make([]map[string]any, 0, len(files))
	ids := make([]string, 0, len(files))
	for i, f := range files {
		f.Title = summaries[i].Title
		if f.Title == "" {
			f.Title = f.Name
		}
		f.Completed = true
		f.Comment = req.params.Get("initial_comment")
		f.ThreadTS = req.params.Get("thread_ts")
		for _, ch := range chans {
			f.Channels = append(f.Channels, ch.ID)
		}
		ids = append(ids, f.ID)
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	for _, ch := range chans {
		ch.Messages = append(ch.Messages, Message{
			TS:       s.nextTSLocked(),
			ThreadTS: req.params.Get("thread_ts"),
			User:     BotUserID,
			SubType:  "file_share",
			Text:     req.params.Get("initial_comment"),
			Blocks:   blocks,
			Files:    ids,
		})
	}
	return map[string]any{"files": out}, nil
}
