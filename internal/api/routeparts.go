package api

// routeParts lists each feature's route table; a feature adds one line here.
func (a *API) routeParts() []func() []route {
	return []func() []route{
		a.coreRoutes,
		a.groupRoutes,
		a.eventRoutes,
		a.placeRoutes,
		a.identityRoutes,
		a.petitionRoutes,
		a.petitionLinkRoutes,
		a.targetRoutes,
		a.voteRoutes,
		a.consultationResponseRoutes,
	}
}
