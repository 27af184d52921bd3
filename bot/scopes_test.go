package bot_test

import (
	"slices"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// Every Web API method the bot and the deliverer call, with the bot
// scopes Slack documents for it (one of each inner list suffices).
var methodScopes = map[string][][]string{
	"chat.postMessage":             {{"chat:write"}},
	"chat.postEphemeral":           {{"chat:write"}},
	"chat.update":                  {{"chat:write"}},
	"chat.getPermalink":            {},
	"conversations.create":         {{"channels:manage"}, {"groups:write"}},
	"conversations.invite":         {{"channels:manage"}, {"groups:write"}},
	"conversations.setTopic":       {{"channels:manage"}, {"groups:write"}},
	"conversations.join":           {{"channels:join"}},
	"conversations.list":           {{"channels:read"}, {"groups:read"}},
	"conversations.info":           {{"channels:read"}, {"groups:read"}},
	"conversations.members":        {{"channels:read"}, {"groups:read"}},
	"conversations.history":        {{"channels:history"}, {"groups:history"}, {"im:history"}},
	"conversations.open":           {{"im:write"}},
	"pins.add":                     {{"pins:write"}},
	"users.lookupByEmail":          {{"users:read.email"}},
	"users.info":                   {{"users:read"}, {"users:read.email"}},
	"files.getUploadURLExternal":   {{"files:write"}},
	"files.completeUploadExternal": {{"files:write"}},
}

func TestBotScopesCoverTheMethodsUsed(t *testing.T) {
	for method, scopes := range methodScopes {
		for _, need := range scopes {
			for _, s := range need {
				if !slices.Contains(bot.BotScopes, s) {
					t.Errorf("%s needs %s, which BotScopes lacks", method, s)
				}
			}
		}
	}
	// users:read.email must be asked together with users:read.
	if slices.Contains(bot.BotScopes, "users:read.email") && !slices.Contains(bot.BotScopes, "users:read") {
		t.Error("users:read.email without users:read")
	}
}
