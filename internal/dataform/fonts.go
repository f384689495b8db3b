package dataform

import "github.com/johnfercher/maroto/v2/pkg/core/entity"

// FontFamily is the family name the embedded DejaVu Sans is registered
// under in Fonts.
const FontFamily = family

// Fonts returns the embedded DejaVu Sans (regular and bold), loaded once,
// for other PDFs of the portal (the council report of the monitoring) to
// write Polish with the same font as the data form.
func Fonts() ([]*entity.CustomFont, error) { return fonts() }
