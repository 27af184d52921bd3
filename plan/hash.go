package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// ContentHash returns a hex SHA-256 over the plan's content, so a printed
// binder can be compared with the plan in force: any change to what the
// plan says (and to where it says it, since positions are included)
// gives another hash. It returns "" if the plan cannot be encoded.
func ContentHash(p *Plan) string {
	if p == nil {
		return ""
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
