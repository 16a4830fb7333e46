package e2e

// The group's voucher page (internal/web/group_voucher.go): its
// administrators only, as the group's settings.
func voucherRoutes() map[string]*crawlRoute {
	return map[string]*crawlRoute{
		"GET /@{handle}/voucher": {targets: groups(false), rule: groupAct("edit_group")},
	}
}
