package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mopr-leszno/portal/internal/strategy"
)

// partnersFor is how long an organisation page may show the list of the
// strategy tasks naming it as a partner before it is read again. Tasks are
// edited live, outside publication; a minute's delay costs an organisation
// page nothing, where a query per view would tie every page to the
// database.
const partnersFor = time.Minute

// partnersWait bounds the one read of the partner links a minute.
const partnersWait = 2 * time.Second

// partnerTasks holds the strategy's partner links as last read.
type partnerTasks struct {
	cur     atomic.Pointer[partnerList]
	reading sync.Mutex
}

type partnerList struct {
	at     time.Time
	bySlug map[string][]strategy.TaskRef
}

// partnerTasks returns the tasks naming each organisation as a partner, by
// organisation slug. One request reads them again once they are older than
// partnersFor, while the others go on with the list they have; while the
// database does not answer, the last list read is shown (none before the
// first).
func (s *Server) partnerTasks(ctx context.Context) map[string][]strategy.TaskRef {
	cur := s.partners.cur.Load()
	if cur != nil && s.Now().Sub(cur.at) < partnersFor {
		return cur.bySlug
	}
	if !s.partners.reading.TryLock() {
		if cur == nil {
			return nil
		}
		return cur.bySlug
	}
	defer s.partners.reading.Unlock()
	// The page that reads waits for a slow database at most partnersWait,
	// not the statement timeout: the list may as well be a minute older.
	readCtx, cancel := context.WithTimeout(ctx, partnersWait)
	defer cancel()
	bySlug, err := s.Strategy.PartnerTasks(readCtx)
	if err != nil {
		s.Logger.WarnContext(ctx, "strategy partners unavailable; organisation pages show the last list read", "error", err)
		if cur != nil {
			bySlug = cur.bySlug
		}
		// Not again before partnersFor: a database that does not answer
		// must not cost every page a wait.
	}
	s.partners.cur.Store(&partnerList{at: s.Now(), bySlug: bySlug})
	return bySlug
}

// forgetPartners has the next organisation page read the partner links
// again (after staff changed a task on this instance).
func (s *Server) forgetPartners() { s.partners.cur.Store(nil) }
