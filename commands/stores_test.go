package commands_test

import (
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/commands/alarms"
	"github.com/beredskapsbot/beredskapsbot/commands/arshjul"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/continuity"
	"github.com/beredskapsbot/beredskapsbot/commands/followups"
	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// The stores the commands and their feature packages declare are the
// storage's methods.
var (
	_ commands.Store         = (*storage.DB)(nil)
	_ cmdkit.Store           = (*storage.DB)(nil)
	_ sitreps.Store          = (*storage.DB)(nil)
	_ followups.Store        = (*storage.DB)(nil)
	_ continuity.Store       = (*storage.DB)(nil)
	_ continuity.OutboxStore = (*storage.DB)(nil)
	_ alarms.Store           = (*storage.DB)(nil)
	_ arshjul.Store          = (*storage.DB)(nil)
)
