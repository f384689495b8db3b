package strategy

import "strconv"

// Number is how people name the task: its area's number and its own,
// "8.1" (never the slug of its address).
func (c *Card) Number() string {
	return strconv.Itoa(c.Area.Number) + "." + strconv.Itoa(c.Task.Number)
}
