package delivery

import (
	"context"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// deliverPost posts the response of a reminder or message item
// (ui.Post) to its channel: an ID, "#name", or a user ID for a
// direct message. A public channel the bot is not in is joined first.
func (d *Deliverer) deliverPost(ctx context.Context, r *run) error {
	var post ui.Post
	if err := r.payload(&post); err != nil {
		return err
	}
	if post.Channel == "" {
		return permanent(fmt.Errorf("outbox item %d: no channel", r.item.ID))
	}
	_, err := r.postResponse(ctx, "post", post.Channel, post.Response)
	return err
}
