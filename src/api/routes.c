/*
 * routes.c - every endpoint of /api/v1 with the roles that may call it
 * (0: public, no login).  docs/openapi.yaml documents the same list; the
 * API tests check that the two agree.
 */
#include "api/api.h"
#include "domain/role.h"

void api_session_create(struct http_req *req);
void api_session_delete(struct http_req *req);
void api_session_password(struct http_req *req);
void api_me(struct http_req *req);
void api_items_list(struct http_req *req);
void api_matters_list(struct http_req *req);
void api_matter_get(struct http_req *req);
void api_matter_put(struct http_req *req);
void api_stats_joint(struct http_req *req);
void api_item_get(struct http_req *req);
void api_item_create(struct http_req *req);
void api_item_update(struct http_req *req);
void api_item_retire(struct http_req *req);
void api_item_restore(struct http_req *req);
void api_items_import(struct http_req *req);
void api_items_export(struct http_req *req);
void api_calendar_get(struct http_req *req);
void api_calendar_deadline(struct http_req *req);
void api_calendar_put(struct http_req *req);
void api_calendar_delete(struct http_req *req);
void api_regions(struct http_req *req);
void api_departments(struct http_req *req);
void api_windows(struct http_req *req);
void api_staff(struct http_req *req);
void api_staff_get(struct http_req *req);
void api_staff_create(struct http_req *req);
void api_staff_update(struct http_req *req);
void api_staff_password(struct http_req *req);
void api_staff_requests(struct http_req *req);
void api_staff_request_approve(struct http_req *req);
void api_staff_request_reject(struct http_req *req);
void api_case_reveal(struct http_req *req);
void api_window_posts_get(struct http_req *req);
void api_window_posts_put(struct http_req *req);
void api_audit_list(struct http_req *req);
void api_audit_verify(struct http_req *req);
void api_case_create(struct http_req *req);
void api_case_get(struct http_req *req);
void api_cases_list(struct http_req *req);
void api_case_handlers(struct http_req *req);
void api_case_action(struct http_req *req);
void api_progress(struct http_req *req);
void api_openapi(struct http_req *req);
void api_health(struct http_req *req);
void api_supervision_board(struct http_req *req);
void api_supervision_cases(struct http_req *req);
void api_stats(struct http_req *req);
void api_public_daily(struct http_req *req);
void api_public_audit_key(struct http_req *req);
void api_public_audit_checkpoints(struct http_req *req);
void api_notice_create(struct http_req *req);
void api_notices_list(struct http_req *req);
void api_notice_get(struct http_req *req);
void api_notice_reply(struct http_req *req);
void api_notice_close(struct http_req *req);
void api_sanction_create(struct http_req *req);
void api_sanctions_list(struct http_req *req);
void api_anomalies_list(struct http_req *req);
void api_credit_records_list(struct http_req *req);
void api_anomaly_review(struct http_req *req);
void api_rules_list(struct http_req *req);
void api_rule_put(struct http_req *req);
void api_cards_list(struct http_req *req);
void api_notifications_list(struct http_req *req);
void api_account_sms_code(struct http_req *req);
void api_account_create(struct http_req *req);
void api_account_password_reset(struct http_req *req);
void api_account_realname(struct http_req *req);
void api_me_realname(struct http_req *req);
void api_me_agents(struct http_req *req);
void api_me_agent_add(struct http_req *req);
void api_me_agent_remove(struct http_req *req);
void api_me_companies(struct http_req *req);
void api_case_file_upload(struct http_req *req);
void api_file_get(struct http_req *req);
void api_case_materials(struct http_req *req);
void api_case_material_check(struct http_req *req);
void api_case_material_reuse(struct http_req *req);
void api_me_library(struct http_req *req);
void api_me_licences(struct http_req *req);
void api_item_guide(struct http_req *req);
void api_item_file_attach(struct http_req *req);
void api_item_file_get(struct http_req *req);
void api_item_file_detach(struct http_req *req);
void api_item_faq_put(struct http_req *req);
void api_settings_get(struct http_req *req);
void api_settings_put(struct http_req *req);
void api_notification_read(struct http_req *req);
void api_case_documents(struct http_req *req);
void api_case_document_pdf(struct http_req *req);
void api_verifications_list(struct http_req *req);
void api_item_green_get(struct http_req *req);
void api_item_green_put(struct http_req *req);
void api_item_green_delete(struct http_req *req);
void api_green_items(struct http_req *req);
void api_key_applicants(struct http_req *req);
void api_key_applicant_create(struct http_req *req);
void api_key_applicant_update(struct http_req *req);
void api_key_applicant_delete(struct http_req *req);
void api_agents_list(struct http_req *req);
void api_case_agent_assign(struct http_req *req);
void api_case_agent_end(struct http_req *req);
void api_stats_agents(struct http_req *req);
/* 效能投诉 (issue 12 section 1, api/complaints.c) */
void api_complaint_create(struct http_req *req);
void api_complaint_get(struct http_req *req);
void api_complaint_action(struct http_req *req);
/* Open311 GeoReport v2 (issue 12 section 3, api/open311.c) */
void api_open311_discovery_json(struct http_req *req);
void api_open311_discovery_xml(struct http_req *req);
void api_open311_services_json(struct http_req *req);
void api_open311_services_xml(struct http_req *req);
void api_open311_service_json(struct http_req *req);
void api_open311_service_xml(struct http_req *req);
void api_open311_post_json(struct http_req *req);
void api_open311_post_xml(struct http_req *req);
void api_open311_requests_json(struct http_req *req);
void api_open311_requests_xml(struct http_req *req);
void api_open311_request_json(struct http_req *req);
void api_open311_request_xml(struct http_req *req);
void api_open311_clients_list(struct http_req *req);
void api_open311_client_create(struct http_req *req);
void api_open311_client_revoke(struct http_req *req);

#define STAFF (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)
#define MANAGERS (ROLE_ADMIN | ROLE_SUPERVISOR)
/* 全程代办: the agent acts for the applicant on the cases it carries */
#define AGENT ROLE_AGENT

const struct http_route api_routes[] = {
	{"GET", "/api/v1/health", 0, api_health, 0},
	{"GET", "/api/v1/openapi.yaml", 0, api_openapi, 0},
	{"POST", "/api/v1/session", 0, api_session_create, 0},
	{"DELETE", "/api/v1/session", ROLE_ANY_USER, api_session_delete, 0},
	{"POST", "/api/v1/session/password", ROLE_ANY_USER, api_session_password, 0},
	{"GET", "/api/v1/me", ROLE_ANY_USER, api_me, 0},
	{"POST", "/api/v1/accounts/sms-code", 0, api_account_sms_code, 0},
	{"POST", "/api/v1/accounts", 0, api_account_create, 0},
	{"POST", "/api/v1/accounts/password-reset", 0,
	    api_account_password_reset, 0},
	{"POST", "/api/v1/accounts/{id}/realname", ROLE_CLERK | ROLE_CHIEF,
	    api_account_realname, 0},
	{"POST", "/api/v1/me/realname", ROLE_APPLICANT, api_me_realname, 0},
	{"GET", "/api/v1/me/agents", ROLE_APPLICANT, api_me_agents, 0},
	{"POST", "/api/v1/me/agents", ROLE_APPLICANT, api_me_agent_add, 0},
	{"DELETE", "/api/v1/me/agents/{id}", ROLE_APPLICANT, api_me_agent_remove, 0},
	{"GET", "/api/v1/me/companies", ROLE_APPLICANT, api_me_companies, 0},
	{"GET", "/api/v1/me/library", ROLE_APPLICANT, api_me_library, 0},
	{"GET", "/api/v1/me/licences", ROLE_APPLICANT, api_me_licences, 0},
	{"GET", "/api/v1/files/{id}", ROLE_APPLICANT | STAFF | MANAGERS | AGENT,
	    api_file_get, 0},

	{"GET", "/api/v1/matters", 0, api_matters_list, 0},
	{"GET", "/api/v1/matters/{code}", 0, api_matter_get, 0},
	{"PUT", "/api/v1/matters/{code}", ROLE_ADMIN, api_matter_put, 0},
	{"GET", "/api/v1/items", 0, api_items_list, 0},
	{"POST", "/api/v1/items", ROLE_ADMIN, api_item_create, 0},
	{"POST", "/api/v1/items/import", ROLE_ADMIN, api_items_import, 0},
	{"GET", "/api/v1/items/export", ROLE_ADMIN | ROLE_SUPERVISOR,
	    api_items_export, 0},
	{"GET", "/api/v1/items/{code}", 0, api_item_get, 0},
	{"GET", "/api/v1/items/{code}/guide", 0, api_item_guide, 0},
	{"POST", "/api/v1/items/{code}/files", ROLE_ADMIN, api_item_file_attach,
	    HTTP_UPLOAD_MAX},
	{"GET", "/api/v1/items/{code}/files/{id}", 0, api_item_file_get, 0},
	{"DELETE", "/api/v1/items/{code}/files/{id}", ROLE_ADMIN,
	    api_item_file_detach, 0},
	{"PUT", "/api/v1/items/{code}/faq", ROLE_ADMIN, api_item_faq_put, 0},
	/* 绿色通道: the item's shorter limit, and the key projects' list */
	{"GET", "/api/v1/items/{code}/green-channel", ROLE_ADMIN,
	    api_item_green_get, 0},
	{"PUT", "/api/v1/items/{code}/green-channel", ROLE_ADMIN,
	    api_item_green_put, 0},
	{"DELETE", "/api/v1/items/{code}/green-channel", ROLE_ADMIN,
	    api_item_green_delete, 0},
	{"GET", "/api/v1/green-channel/items", ROLE_ADMIN, api_green_items, 0},
	{"GET", "/api/v1/key-applicants", ROLE_ADMIN, api_key_applicants, 0},
	{"POST", "/api/v1/key-applicants", ROLE_ADMIN, api_key_applicant_create,
	    0},
	{"PUT", "/api/v1/key-applicants/{id}", ROLE_ADMIN,
	    api_key_applicant_update, 0},
	{"DELETE", "/api/v1/key-applicants/{id}", ROLE_ADMIN,
	    api_key_applicant_delete, 0},
	{"PUT", "/api/v1/items/{code}", ROLE_ADMIN, api_item_update, 0},
	{"POST", "/api/v1/items/{code}/retire", ROLE_ADMIN, api_item_retire, 0},
	{"POST", "/api/v1/items/{code}/restore", ROLE_ADMIN, api_item_restore, 0},

	{"GET", "/api/v1/calendar", 0, api_calendar_get, 0},
	{"GET", "/api/v1/calendar/deadline", 0, api_calendar_deadline, 0},
	{"PUT", "/api/v1/calendar/{date}", ROLE_ADMIN, api_calendar_put, 0},
	{"DELETE", "/api/v1/calendar/{date}", ROLE_ADMIN, api_calendar_delete, 0},

	{"GET", "/api/v1/regions", 0, api_regions, 0},
	{"GET", "/api/v1/departments", 0, api_departments, 0},
	{"GET", "/api/v1/windows", 0, api_windows, 0},
	{"GET", "/api/v1/windows/{id}/posts", MANAGERS, api_window_posts_get, 0},
	{"PUT", "/api/v1/windows/{id}/posts", ROLE_ADMIN, api_window_posts_put, 0},
	{"GET", "/api/v1/staff", MANAGERS, api_staff, 0},
	/* separation of duties: org_admin.c refuses (and audits) what the
	 * duty rules deny, e.g. an administrator touching a supervisor */
	{"POST", "/api/v1/staff", MANAGERS, api_staff_create, 0},
	{"GET", "/api/v1/staff/requests", ROLE_SUPERVISOR, api_staff_requests, 0},
	{"POST", "/api/v1/staff/requests/{id}/approve", ROLE_SUPERVISOR,
	    api_staff_request_approve, 0},
	{"POST", "/api/v1/staff/requests/{id}/reject", ROLE_SUPERVISOR,
	    api_staff_request_reject, 0},
	{"GET", "/api/v1/staff/{id}", MANAGERS, api_staff_get, 0},
	{"PATCH", "/api/v1/staff/{id}", MANAGERS, api_staff_update, 0},
	{"POST", "/api/v1/staff/{id}/password", MANAGERS, api_staff_password, 0},
	{"GET", "/api/v1/settings", MANAGERS, api_settings_get, 0},
	{"PUT", "/api/v1/settings", ROLE_ADMIN, api_settings_put, 0},
	{"GET", "/api/v1/audit", MANAGERS, api_audit_list, 0},
	{"GET", "/api/v1/audit/verify", MANAGERS, api_audit_verify, 0},

	{"POST", "/api/v1/cases", ROLE_APPLICANT | ROLE_CLERK | ROLE_CHIEF,
	    api_case_create, 0},
	{"GET", "/api/v1/cases", ROLE_ANY_USER, api_cases_list, 0},
	{"GET", "/api/v1/cases/{id}", ROLE_ANY_USER, api_case_get, 0},
	{"GET", "/api/v1/cases/{id}/handlers", STAFF | MANAGERS,
	    api_case_handlers, 0},
	{"POST", "/api/v1/cases/{id}/actions", ROLE_APPLICANT | STAFF | ROLE_ADMIN |
	    AGENT, api_case_action, 0},
	/* 全程代办: the applicant or the window assigns and ends (the service
	 * refuses other staff with its reason) */
	{"POST", "/api/v1/cases/{id}/agent", ROLE_APPLICANT | STAFF | MANAGERS,
	    api_case_agent_assign, 0},
	{"DELETE", "/api/v1/cases/{id}/agent", ROLE_APPLICANT | STAFF | MANAGERS,
	    api_case_agent_end, 0},
	{"GET", "/api/v1/agents", ROLE_APPLICANT | STAFF | MANAGERS,
	    api_agents_list, 0},
	/* managers may ask so that their refused attempt is audited */
	{"POST", "/api/v1/cases/{id}/reveal", ROLE_APPLICANT | STAFF | MANAGERS,
	    api_case_reveal, 0},
	{"POST", "/api/v1/cases/{id}/files", ROLE_APPLICANT | ROLE_CLERK |
	    ROLE_CHIEF | AGENT, api_case_file_upload, HTTP_UPLOAD_MAX},
	{"GET", "/api/v1/cases/{id}/materials", ROLE_APPLICANT | STAFF | MANAGERS |
	    AGENT, api_case_materials, 0},
	{"POST", "/api/v1/cases/{id}/materials/check", ROLE_CLERK | ROLE_CHIEF,
	    api_case_material_check, 0},
	{"POST", "/api/v1/cases/{id}/materials/reuse", ROLE_APPLICANT |
	    ROLE_CLERK | ROLE_CHIEF, api_case_material_reuse, 0},
	{"GET", "/api/v1/cases/{id}/documents", ROLE_APPLICANT | STAFF | MANAGERS |
	    AGENT, api_case_documents, 0},
	/* a GET that writes: the first print issues, later ones are 补打 */
	{"GET", "/api/v1/cases/{id}/documents/{kind}.pdf", ROLE_APPLICANT |
	    STAFF | MANAGERS | AGENT, api_case_document_pdf, 0},
	{"GET", "/api/v1/progress/{query_code}", 0, api_progress, 0},
	/* 告知承诺: the department's pending 事后核查 (service/pledges.h) */
	{"GET", "/api/v1/verifications", ROLE_CHIEF | ROLE_REVIEWER | MANAGERS,
	    api_verifications_list, 0},

	{"GET", "/api/v1/supervision/board", MANAGERS, api_supervision_board, 0},
	{"GET", "/api/v1/supervision/cases", MANAGERS, api_supervision_cases, 0},
	{"GET", "/api/v1/supervision/notices", MANAGERS | ROLE_CHIEF |
	    ROLE_REVIEWER, api_notices_list, 0},
	{"POST", "/api/v1/supervision/notices", MANAGERS, api_notice_create, 0},
	{"GET", "/api/v1/supervision/notices/{id}", MANAGERS | ROLE_CHIEF |
	    ROLE_REVIEWER, api_notice_get, 0},
	{"POST", "/api/v1/supervision/notices/{id}/reply",
	    ROLE_CHIEF | ROLE_REVIEWER, api_notice_reply, 0},
	{"POST", "/api/v1/supervision/notices/{id}/close", ROLE_SUPERVISOR,
	    api_notice_close, 0},
	{"GET", "/api/v1/supervision/sanctions", MANAGERS, api_sanctions_list, 0},
	{"POST", "/api/v1/supervision/sanctions", ROLE_SUPERVISOR,
	    api_sanction_create, 0},
	{"GET", "/api/v1/supervision/anomalies", MANAGERS, api_anomalies_list, 0},
	{"GET", "/api/v1/supervision/credit-records", MANAGERS,
	    api_credit_records_list, 0},
	{"POST", "/api/v1/supervision/anomalies/{id}", ROLE_SUPERVISOR,
	    api_anomaly_review, 0},
	{"GET", "/api/v1/supervision/rules", MANAGERS, api_rules_list, 0},
	{"PUT", "/api/v1/supervision/rules/{id}", ROLE_SUPERVISOR, api_rule_put, 0},
	{"GET", "/api/v1/supervision/cards", MANAGERS | ROLE_CHIEF,
	    api_cards_list, 0},
	{"GET", "/api/v1/notifications", ROLE_ANY_USER, api_notifications_list, 0},
	{"POST", "/api/v1/notifications/{id}/read", ROLE_ANY_USER,
	    api_notification_read, 0},
	{"GET", "/api/v1/stats", MANAGERS | ROLE_CHIEF, api_stats, 0},
	{"GET", "/api/v1/stats/joint", MANAGERS | ROLE_CHIEF, api_stats_joint, 0},
	{"GET", "/api/v1/stats/agents", MANAGERS | ROLE_CHIEF, api_stats_agents,
	    0},
	/* 效能投诉: filed by anyone (anonymous with a contact); the service
	 * decides who sees and does what */
	{"POST", "/api/v1/complaints", 0, api_complaint_create, 0},
	{"GET", "/api/v1/complaints/{id}", 0, api_complaint_get, 0},
	{"POST", "/api/v1/complaints/{id}/actions", 0, api_complaint_action, 0},
	/* Open311 GeoReport v2: public (a POST carries its client's api_key),
	 * each resource as .json and .xml; the administrator's clients */
	{"GET", "/open311/discovery.json", 0, api_open311_discovery_json, 0},
	{"GET", "/open311/discovery.xml", 0, api_open311_discovery_xml, 0},
	{"GET", "/open311/v2/services.json", 0, api_open311_services_json, 0},
	{"GET", "/open311/v2/services.xml", 0, api_open311_services_xml, 0},
	{"GET", "/open311/v2/services/{code}.json", 0, api_open311_service_json,
	    0},
	{"GET", "/open311/v2/services/{code}.xml", 0, api_open311_service_xml,
	    0},
	{"POST", "/open311/v2/requests.json", 0, api_open311_post_json, 0},
	{"POST", "/open311/v2/requests.xml", 0, api_open311_post_xml, 0},
	{"GET", "/open311/v2/requests.json", 0, api_open311_requests_json, 0},
	{"GET", "/open311/v2/requests.xml", 0, api_open311_requests_xml, 0},
	{"GET", "/open311/v2/requests/{id}.json", 0, api_open311_request_json,
	    0},
	{"GET", "/open311/v2/requests/{id}.xml", 0, api_open311_request_xml, 0},
	{"GET", "/api/v1/open311/clients", ROLE_ADMIN, api_open311_clients_list,
	    0},
	{"POST", "/api/v1/open311/clients", ROLE_ADMIN,
	    api_open311_client_create, 0},
	{"DELETE", "/api/v1/open311/clients/{id}", ROLE_ADMIN,
	    api_open311_client_revoke, 0},
	{"GET", "/api/v1/public/daily", 0, api_public_daily, 0},
	{"GET", "/api/v1/public/audit/key", 0, api_public_audit_key, 0},
	{"GET", "/api/v1/public/audit/checkpoints", 0,
	    api_public_audit_checkpoints, 0},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
