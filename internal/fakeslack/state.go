package fakeslack

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Channel is a snapshot of a conversation in the fake workspace.
type Channel struct {
	ID      string
	Name    string // "" for a direct message
	Topic   string
	Private bool
	// DMUser is the other party of a direct-message conversation, "" for
	// channels.
	DMUser  string
	Creator string
	Created time.Time
	Members []string
	// Messages holds the channel's messages, thread replies included, oldest
	// first.
	Messages []Message
	// Ephemerals holds the ephemeral messages posted in the channel, oldest
	// first; Message.To is the user who saw each one.
	Ephemerals []Message
	// Pins holds the timestamps of pinned messages in the order they were
	// pinned.
	Pins []string

	topicSet time.Time
}

// Message is a snapshot of a message in the fake workspace.
type Message struct {
	TS       string
	ThreadTS string // "" unless the message is in a thread
	User     string // author; BotUserID for everything the bot posts
	To       string // recipient of an ephemeral message
	SubType  string // "file_share" for shared files, else ""
	Text     string
	Blocks   json.RawMessage // as posted; nil when the message has none
	Metadata json.RawMessage // {"event_type":…,"event_payload":…}; nil when none
	Files    []string        // IDs of shared files
	Updated  bool            // changed with chat.update
}

// File is an uploaded file.
type File struct {
	ID       string
	Name     string // filename given to files.getUploadURLExternal
	Title    string
	AltText  string
	Length   int    // length declared to files.getUploadURLExternal
	Content  []byte // bytes posted to the upload URL; nil until uploaded
	Uploaded bool
	// Completed is set by files.completeUploadExternal; Channels lists where
	// the file was shared then.
	Completed bool
	Channels  []string
	Comment   string
	ThreadTS  string
}

type user struct {
	id, name, email string
	bot             bool
}

// AddUser adds a workspace member with a Slack user ID ("U…"), a name and an
// e-mail address for users.info and users.lookupByEmail.
func (s *Server) AddUser(id, name, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = &user{id: id, name: name, email: email}
}

// AddChannel adds an existing public channel that the bot is not a member
// of, so that conversations.create answers name_taken for its name.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = &Channel{ID: id, Name: name, Created: s.now()}
}

// AddMember adds a user (or BotUserID) to a channel created with AddChannel
// or over the API. It does nothing if the channel does not exist.
func (s *Server) AddMember(channelID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil && !slices.Contains(ch.Members, userID) {
		ch.Members = append(ch.Members, userID)
	}
}

// OpenDM returns the ID of the bot's direct-message conversation with a
// user, creating it if needed, as conversations.open does.
func (s *Server) OpenDM(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmLocked(userID).ID
}

// Channel returns a snapshot of the conversation with the given ID.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[id]
	if ch == nil {
		return Channel{}, false
	}
	return ch.clone(), true
}

// ChannelByName returns a snapshot of the channel with the given name
// (without "#").
func (s *Server) ChannelByName(name string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.byNameLocked(strings.TrimPrefix(name, "#"))
	if ch == nil {
		return Channel{}, false
	}
	return ch.clone(), true
}

// File returns a snapshot of the file with the given ID.
func (s *Server) File(id string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return File{}, false
	}
	c := *f
	c.Content = slices.Clone(f.Content)
	c.Channels = slices.Clone(f.Channels)
	return c, true
}

func (c *Channel) clone() Channel {
	out := *c
	out.Members = slices.Clone(c.Members)
	out.Pins = slices.Clone(c.Pins)
	out.Messages = cloneMessages(c.Messages)
	out.Ephemerals = cloneMessages(c.Ephemerals)
	return out
}

func cloneMessages(ms []Message) []Message {
	if ms == nil {
		return nil
	}
	out := make([]Message, len(ms))
	for i, m := range ms {
		m.Blocks = slices.Clone(m.Blocks)
		m.Metadata = slices.Clone(m.Metadata)
		m.Files = slices.Clone(m.Files)
		out[i] = m
	}
	return out
}

func (s *Server) byNameLocked(name string) *Channel {
	for _, ch := range s.channels {
		if ch.Name != "" && strings.EqualFold(ch.Name, name) {
			return ch
		}
	}
	return nil
}

// dmLocked returns the bot's DM conversation with userID, creating it.
func (s *Server) dmLocked(userID string) *Channel {
	id := "D" + strings.TrimPrefix(userID, "U")
	ch := s.channels[id]
	if ch == nil {
		ch = &Channel{ID: id, DMUser: userID, Private: true, Created: s.now(),
			Members: []string{BotUserID, userID}}
		s.channels[id] = ch
	}
	return ch
}

// visibleLocked returns the conversation with the given ID if the bot can
// see it: public channels, and private ones the bot is a member of.
func (s *Server) visibleLocked(id string) *Channel {
	ch := s.channels[id]
	if ch == nil || (ch.Private && !slices.Contains(ch.Members, BotUserID)) {
		return nil
	}
	return ch
}

// resolveLocked finds the target of chat.postMessage and friends: a
// conversation ID, a channel name with or without "#", or a user ID (the
// bot's DM with that user).
func (s *Server) resolveLocked(target string) *Channel {
	if ch := s.visibleLocked(target); ch != nil {
		return ch
	}
	if u := s.users[target]; u != nil && !u.bot {
		return s.dmLocked(u.id)
	}
	if ch := s.byNameLocked(strings.TrimPrefix(target, "#")); ch != nil {
		return s.visibleLocked(ch.ID)
	}
	return nil
}

func (ch *Channel) messageIndex(ts string) int {
	return slices.IndexFunc(ch.Messages, func(m Message) bool { return m.TS == ts })
}

func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s0FAKE%04d", prefix, s.seq)
}

// nextTSLocked returns a message timestamp from the clock, strictly greater
// than the previous one as Slack's are unique per channel.
func (s *Server) nextTSLocked() string {
	us := s.now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}
