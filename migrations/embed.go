// Package migrations embeds the goose SQL migrations of the portal's schema.
package migrations

import "embed"

// FS holds every *.sql migration, applied in the order of their numbers.
//
//go:embed *.sql
var FS embed.FS
