package server

import (
	"context"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// names turns a record's codes into what people read on the pages of the
// request's language: the labels the form offers (legal forms, districts,
// categories, target groups, accessibility features, languages, weekdays).
// Without the vocabulary (no publication loaded yet) the codes of the
// lists stay, the rest is still named.
func (s *Server) names(ctx context.Context) directory.Names {
	vocab, _ := s.Directory.Vocabulary(ctx)
	return export.Names(i18n.From(ctx), vocab)
}
