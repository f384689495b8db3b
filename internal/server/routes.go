package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// maxBody bounds every request body; the public side takes no uploads.
const maxBody = 1 << 20

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.GetHead)
	r.Use(s.logRequests)
	r.Use(compress(storedDownload))
	r.Use(s.recoverPanics)
	r.Use(securityHeaders)
	r.Use(s.strictTransport)
	r.Use(s.localize)
	// Before the checks that answer with an error page, so that every
	// page's footer has MOPR's contact.
	r.Use(s.withSiteTexts)
	r.Use(s.limitBody(maxBody))
	r.Use(s.readForms)
	r.Use(s.rejectBadInput)
	r.Use(redirectSlashes)
	// Every state-changing request from another origin is refused (CSRF);
	// GET and HEAD change nothing anywhere in the portal.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "cross_origin", "")
	}))
	r.Use(csrf.Handler)

	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Handle("/static/*", web.StaticHandler(http.HandlerFunc(s.notFound)))
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/metrics", s.serveMetrics)

	// Public pages: read-only, so GET (and HEAD) only.
	r.Group(func(r chi.Router) {
		r.Get("/", s.home)
		r.With(s.publicationCache, s.cachePage(true)).Get("/organizacje", s.organisations)
		r.With(s.publicationCache, s.cacheOrganisationPage).Get("/organizacje/{slug}", s.organisation)
		r.Get("/strategia", s.strategyOverview)
		r.Get("/strategia.{format:csv|json}", s.strategyDownload)
		r.Get("/strategia/monitoring", s.monitoringPage)
		r.Get("/strategia/monitoring/{okres:[0-9-]+}.{format:csv|json|pdf}", s.monitoringDownload)
		r.Get("/strategia/zadania/{slug:[a-z0-9-]+}", s.task)
		r.Get("/strategia/zadania/{slug:[a-z0-9-]+}.{format:csv|json}", s.taskDownload)
		r.Get("/deklaracja-dostepnosci", s.accessibilityStatement)
		r.Get("/prywatnosc", s.privacy)
		r.With(s.heavy).Get("/formularz.pdf", s.dataForm)
		r.Get("/robots.txt", s.robots)
		r.Get("/zglos", s.submitForm)
		r.Get("/zglos/dziekujemy", s.submitThanks)
		r.Get("/zglos/zmiana/{slug}", s.reportForm)
		r.Get("/zglos/{token}", s.updateForm)
		// The directory for the city's sites (in an iframe), its feed and
		// the downloads of the current publication.
		r.With(s.allowFraming, s.publicationCache, s.cachePage(true)).Get("/osadz", s.embedSearch)
		r.With(s.allowFraming, s.publicationCache, s.cachePage(false)).Get("/osadz/organizacje/{slug}", s.embedOrganisation)
		r.Get("/publikacje.atom", s.publicationsFeed)
		r.Get("/organizacje.csv", s.organisationsCSV)
		r.Get("/organizacje-przecinek.csv", s.organisationsCommaCSV)
		r.Get("/organizacje.json", s.organisationsJSON)
		// Open data (public_opendata.go): the DCAT-AP catalogue, the CSV
		// downloads' CSVW metadata and the sitemaps.
		r.Get(export.CataloguePath, s.dataCatalogue)
		r.Get("/"+export.DownloadExcel+export.MetadataSuffix, s.organisationsCSVMetadata(export.DownloadExcel, export.Excel))
		r.Get("/"+export.DownloadComma+export.MetadataSuffix, s.organisationsCSVMetadata(export.DownloadComma, export.RFC4180))
		r.Get(export.StrategyCSVPath+export.MetadataSuffix, s.strategyCSVMetadata)
		r.Get("/sitemap.xml", s.sitemapIndex)
		r.Get(sitemapPagesPath, s.sitemapPages)
		r.Get(sitemapPartPrefix+"{n:[0-9]+}.xml", s.sitemapOrganisations)
	})

	// The HSDS API: read-only JSON over the current publication, open to
	// other sites' scripts (CORS), limited per address (api_hsds.go).
	r.Route(hsdsPrefix, s.hsdsRoutes)

	// The public form: the only public POST, limited per address.
	submitLimit := httprate.Limit(5, 10*time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) { return s.clientIP(r), nil }),
		httprate.WithLimitHandler(s.tooManyRequests))
	// "Pobierz dane z KRS" sends the form too, but stores nothing: it
	// counts against a limit of its own (see orgform_krs.go).
	krsLimit := httprate.Limit(krsLookups, 10*time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) { return s.clientIP(r), nil }),
		httprate.WithLimitHandler(s.tooManyRequests))
	submitLimit = byKRSAction(krsLimit, submitLimit)
	r.With(submitLimit).Post("/zglos", s.submitNew)
	r.With(submitLimit).Post("/zglos/{token}", s.submitUpdate)
	r.With(submitLimit).Post("/zglos/zmiana/{slug}", s.submitReport)

	// The admin area: sessions only here (the public pages set no cookie),
	// the sign-in throttled per address, every other route behind a live
	// session and a role.
	throttle := httprate.Limit(10, time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) { return s.clientIP(r), nil }),
		httprate.WithLimitHandler(s.tooManyRequests))
	preview := s.over(s.Preview)
	r.Route("/admin", func(r chi.Router) {
		r.Use(noStore)
		r.Use(s.Sessions.LoadAndSave)
		r.Get("/logowanie", s.loginForm)
		r.With(throttle).Post("/logowanie", s.login)
		r.Get("/logowanie/kod", s.codeForm)
		r.With(throttle).Post("/logowanie/kod", s.code)
		r.Group(func(r chi.Router) {
			r.Use(s.requireStaff, s.requireRole(accounts.Editor))
			r.Get("/", s.dashboard)
			r.Post("/wyloguj", s.logout)
			r.Get("/haslo", s.passwordForm)
			r.Post("/haslo", s.changePassword)
			r.Get("/2fa", s.totpForm)
			r.Post("/2fa", s.enableTOTP)
			r.Get("/organizacje", s.adminOrganisations)
			r.Get("/organizacje/nowa", s.newOrganisationForm)
			r.Post("/organizacje/nowa", s.createOrganisation)
			r.Get("/organizacje/{id}", s.editOrganisationForm)
			r.Post("/organizacje/{id}", s.updateOrganisation)
			r.Get("/organizacje/{id}/historia", s.organisationHistory)
			r.With(s.heavy).Get("/organizacje/{id}/formularz.pdf", s.organisationDataForm)
			r.Post("/organizacje/{id}/historia/{rev}/przywroc", s.restoreRevision)
			r.Post("/organizacje/{id}/usun", s.deleteOrganisation)
			r.Get("/strategia", s.adminTasks)
			// Issue 15: the strategy's structure, its new tasks and the
			// tasks' trash (emptied by an administrator, below).
			r.Get("/strategia/struktura", s.strategyStructure)
			for _, kind := range strategy.PartKinds {
				base := strings.TrimPrefix(admin.PartPath(kind), "/admin")
				r.Get(base+"/nowy", s.newPartForm(kind))
				r.Post(base+"/nowy", s.createPart(kind))
				r.Get(base+"/{id:[0-9]+}", s.editPartForm(kind))
				r.Post(base+"/{id:[0-9]+}", s.updatePart(kind))
				r.Post(base+"/{id:[0-9]+}/wycofaj", s.setPartRetired(kind, true))
				r.Post(base+"/{id:[0-9]+}/przywroc", s.setPartRetired(kind, false))
				r.Get(base+"/{id:[0-9]+}/historia", s.partHistory(kind))
				r.Post(base+"/{id:[0-9]+}/historia/{rev}/przywroc", s.restorePart(kind))
			}
			r.Get("/strategia/obszary/{id:[0-9]+}/nowe-zadanie", s.newTaskForm)
			r.Post("/strategia/obszary/{id:[0-9]+}/nowe-zadanie", s.createTask)
			r.Post("/strategia/{slug}/usun", s.deleteTask)
			r.Get("/strategia/kosz", s.taskTrash)
			r.Post("/strategia/kosz/{slug}/przywroc", s.undeleteTask)
			r.Get("/strategia/{slug}", s.editTaskForm)
			r.Post("/strategia/{slug}", s.updateTask)
			r.Get("/strategia/{slug}/historia", s.taskHistory)
			r.Post("/strategia/{slug}/historia/{rev}/przywroc", s.restoreTask)
			r.Get("/monitoring", s.adminMonitoring)
			r.Get("/monitoring/{okres:[0-9-]+}", s.adminPeriod)
			r.Get("/monitoring/{okres:[0-9-]+}/{slug:[a-z0-9-]+}", s.monitoringReportForm)
			r.Post("/monitoring/{okres:[0-9-]+}/{slug:[a-z0-9-]+}", s.saveMonitoringReport)
			r.Get("/weryfikacja", s.verificationList)
			r.Post("/weryfikacja/{id}/zweryfikowano", s.markVerified)
			r.Post("/weryfikacja/{id}/przypomnienie", s.sendReminder)
			r.Get("/osadzanie", s.embedding)
			r.Get("/synonimy", s.synonyms)
			r.Post("/synonimy", s.saveSynonym)
			r.Post("/synonimy/usun", s.deleteSynonym)
			r.Get("/wyszukiwania", s.searchMisses)
			r.Get("/teksty", s.siteTextsForm)
			r.Post("/teksty", s.saveSiteTexts)
			r.Get("/kosz", s.trash)
			r.Get("/publikacje", s.publications)
			r.Get("/publikacje/{n:[0-9]+}", s.publication)
			// The preview: the public directory's handlers over the
			// working copy, with links that stay in the preview.
			r.With(linksIn(previewPath), s.withWorkingTexts).Get("/podglad/organizacje", preview.organisations)
			r.With(linksIn(previewPath), s.withWorkingTexts).Get("/podglad/organizacje/{slug}", preview.organisation)
			r.Get("/zgloszenia", s.submissionQueue)
			r.Get("/zgloszenia/nowe", s.paperNewForm)
			r.Post("/zgloszenia/nowe", s.paperNew)
			r.Get("/zgloszenia/{id:[0-9]+}", s.showSubmission)
			r.Post("/zgloszenia/{id:[0-9]+}/przejmij", s.takeSubmission)
			r.Post("/zgloszenia/{id:[0-9]+}/przyjmij", s.acceptSubmission)
			r.Post("/zgloszenia/{id:[0-9]+}/odrzuc", s.rejectSubmission)
			r.Get("/organizacje/{id}/papierowy", s.paperUpdateForm)
			r.Post("/organizacje/{id}/papierowy", s.paperUpdate)
			r.Get("/organizacje/{id}/link", s.showToken)
			r.Post("/organizacje/{id}/link", s.issueToken)
			r.Post("/organizacje/{id}/link/uniewaznij", s.revokeTokens)
			r.Post("/kosz/{id}/przywroc", s.undeleteOrganisation)
			r.Group(func(r chi.Router) {
				r.Use(s.requireRole(accounts.Administrator))
				r.Get("/uzytkownicy", s.users)
				r.Post("/uzytkownicy", s.createUser)
				r.Post("/uzytkownicy/{id}/blokada", s.setUserDisabled)
				r.Post("/uzytkownicy/{id}/reset", s.resetUserPassword)
				r.Get("/dziennik", s.auditLog)
				r.Post("/monitoring", s.openPeriod)
				r.Post("/monitoring/{okres:[0-9-]+}/zamknij", s.closePeriod)
				r.Post("/monitoring/przypomnienia", s.sendMonitoringReminders)
				r.Get("/monitoring/zadania/{slug:[a-z0-9-]+}", s.taskSettingsForm)
				r.Post("/monitoring/zadania/{slug:[a-z0-9-]+}", s.saveTaskSettings)
				r.Post("/kosz/oproznij", s.emptyTrash)
				r.Post("/strategia/kosz/oproznij", s.emptyTaskTrash)
				r.With(s.heavy).Post("/publikacje", s.publish)
				r.Get("/organizacje/{id}/rodo", s.erasureForm)
				r.With(s.heavy).Post("/organizacje/{id}/rodo", s.erasePerson)
				r.With(s.heavy).Get("/publikacje/{n:[0-9]+}/przywroc", s.rollbackForm)
				r.With(s.heavy).Post("/publikacje/{n:[0-9]+}/przywroc", s.rollback)
				r.Post("/publikacje/{n:[0-9]+}/przypnij", s.pinPublication)
				r.Post("/publikacje/{n:[0-9]+}/odepnij", s.pinPublication)
			})
		})
	})
	return r
}
