/*
 * accounts.c - applicant accounts: registration, SMS codes, real name,
 * password reset and 经办人; see accounts.h.
 */
#include "service/accounts.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/idcode.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "notify/realname.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/outbox_delivery.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/pwpolicy.h"
#include "util/utf8.h"

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

static int field_fail(struct svc_err *e, const char *field, const char *why)
{
	return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field", field),
	    "%s", why);
}

int accounts_check_name(const char *name, char *why, size_t cap)
{
	size_t len = strlen(name), n = utf8_count(name, len);

	if (!utf8_valid(name, len) || n < 2 || n > 30) {
		snprintf(why, cap, "姓名应为2至30个字");
		return GH_EUNPROCESSABLE;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch < 0x20 || ch == 0x7f || (ch >= '0' && ch <= '9')) {
			snprintf(why, cap, "姓名不能含有数字或控制字符");
			return GH_EUNPROCESSABLE;
		}
	}
	return 0;
}

/* ---- SMS codes ------------------------------------------------------------ */

static const char *purpose_label(const char *purpose)
{
	if (!strcmp(purpose, "register"))
		return "注册账号";
	if (!strcmp(purpose, "login"))
		return "登录";
	if (!strcmp(purpose, "reset"))
		return "重置密码";
	return NULL;
}

static void code_hash(const char *phone, const char *purpose,
    const char *code, unsigned char out[STORE_SMS_HASH_LEN])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, STORE_SMS_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)phone, strlen(phone));
	crypto_generichash_update(&h, (const unsigned char *)"|", 1);
	crypto_generichash_update(&h, (const unsigned char *)purpose,
	    strlen(purpose));
	crypto_generichash_update(&h, (const unsigned char *)"|", 1);
	crypto_generichash_update(&h, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&h, out, STORE_SMS_HASH_LEN);
}

static int too_many(struct svc_err *e, int64_t wait, const char *what)
{
	if (wait < 1)
		wait = 1;
	return svc_fail(e, GH_ETOOMANY, json_pack("{s:I}", "retry_after",
	    (json_int_t)wait), "%s,请%lld秒后再试", what, (long long)wait);
}

int accounts_send_code(store *st, const struct svc_actor *who,
    const char *phone, const char *purpose, struct svc_err *e)
{
	unsigned char hash[STORE_SMS_HASH_LEN];
	const char *label = purpose_label(purpose), *addr = who->addr ?
	    who->addr : "";
	int64_t n_phone, n_addr, last_at, outbox_id = 0;
	char why[160], code[8], text[256], masked[32];
	struct user_rec u;
	bool send = true;
	int err;

	if (!label)
		return field_fail(e, "purpose",
		    "purpose应为register、login或reset");
	if (idcode_check_mobile(phone, why, sizeof why))
		return field_fail(e, "phone", why);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_sms_code_counts(st, phone, who->now - 86400,
	    addr, who->now - 3600, &n_phone, &n_addr, &last_at))))
		return fail_rollback(st, err);
	if (last_at && last_at + ACCOUNTS_CODE_GAP_S > who->now)
		return fail_rollback(st, too_many(e, last_at + ACCOUNTS_CODE_GAP_S -
		    who->now, "验证码发送过于频繁"));
	if (n_phone >= ACCOUNTS_CODES_PER_DAY)
		return fail_rollback(st, too_many(e, 3600, "该号码今日获取验证码次数"
		    "已达上限"));
	if (n_addr >= ACCOUNTS_CODES_PER_ADDR_HOUR)
		return fail_rollback(st, too_many(e, 600, "本机获取验证码次数过多"));
	if (strcmp(purpose, "register")) {
		/* login, reset: only a number with an account gets the SMS */
		err = store_user_by_login(st, phone, &u);
		if (err && err != GH_ENOTFOUND)
			return fail_rollback(st, svc_check(e, err));
		send = !err && u.active && u.role == ROLE_APPLICANT;
	}
	snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
	code_hash(phone, purpose, code, hash);
	snprintf(text, sizeof text, "您的验证码为%s,%d分钟内有效,仅用于%s。"
	    "如非本人操作,请忽略本短信。", code, ACCOUNTS_CODE_TTL_S / 60, label);
	sodium_memzero(code, sizeof code);
	mask_phone(phone, masked, sizeof masked);
	if ((err = svc_check(e, store_sms_code_add(st, phone, purpose, hash, addr,
	    who->now, who->now + ACCOUNTS_CODE_TTL_S))) ||
	    (send && (err = svc_check(e, store_outbox_add(st, "sms", phone,
	    "验证码", text, who->now, &outbox_id)))) ||
	    (err = svc_check(e, audit_actor(st, who, "account.sms_code", "phone",
	    masked, NULL, json_pack("{s:s,s:s,s:b}", "purpose", purpose, "addr",
	    addr, "sent", send)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		sodium_memzero(text, sizeof text);
		return fail_rollback(st, err);
	}
	sodium_memzero(text, sizeof text);
	/* the user is waiting for it: hand it to the gateway now (a failure
	 * leaves it to the delivery passes) */
	if (outbox_id && (err = outbox_deliver_now(st, outbox_id, who->now)))
		log_warn("sms code: immediate delivery failed: %s",
		    gh_err_info(err)->message);
	return 0;
}

int accounts_take_code(store *st, const char *phone, const char *purpose,
    const char *code, int64_t now, bool *count_guess, struct svc_err *e)
{
	unsigned char hash[STORE_SMS_HASH_LEN];
	struct sms_code_rec c;
	int err;

	*count_guess = false;
	err = store_sms_code_latest(st, phone, purpose, &c);
	if (err && err != GH_ENOTFOUND)
		return svc_check(e, err);
	if (err || c.used || c.expires_at <= now ||
	    c.attempts >= ACCOUNTS_CODE_TRIES)
		return field_fail(e, "sms_code", "短信验证码已失效,请重新获取");
	code_hash(phone, purpose, code, hash);
	if (sodium_memcmp(hash, c.hash, sizeof hash)) {
		if ((err = svc_check(e, store_sms_code_failed(st, c.id))))
			return err;
		*count_guess = true;
		return field_fail(e, "sms_code", c.attempts + 1 >= ACCOUNTS_CODE_TRIES
		    ? "短信验证码错误次数过多,请重新获取" : "短信验证码错误");
	}
	return svc_check(e, store_sms_code_use(st, c.id, now));
}

/* A refused code: commit its counted guess, answer the refusal. */
static int code_refused(store *st, bool count_guess, int err)
{
	if (count_guess && !store_commit(st))
		return err;
	store_rollback(st);
	return err;
}

/* ---- accounts -------------------------------------------------------------- */

json_t *accounts_user_json(const struct user_rec *u)
{
	json_t *o = user_to_json(u);
	char id[48];

	if (u->role != ROLE_APPLICANT)
		return o;
	mask_id_number(u->id_number, id, sizeof id);
	json_object_set_new(o, "id_number", json_string(id));
	json_object_set_new(o, "real_name", json_boolean(u->real_name));
	json_object_set_new(o, "real_name_label", json_string(u->real_name ?
	    "实名" : "未实名"));
	if (!strcmp(u->kind, "company"))
		json_object_set_new(o, "legal_person", json_string(u->legal_person));
	return o;
}

int accounts_register(store *st, const struct svc_actor *who,
    const struct account_reg *r, json_t **out, struct svc_err *e)
{
	struct realname_config rc;
	enum realname_result verdict = REALNAME_UNAVAILABLE;
	const char *by = "", *idno, *field_id;
	char why[200], hash[crypto_pwhash_STRBYTES], masked[48];
	bool company = r->kind && !strcmp(r->kind, "company"), id_taken = false,
	     phone_taken = false, guess;
	struct user_rec u = {0};
	int err;

	if (!r->kind || (strcmp(r->kind, "person") && !company))
		return field_fail(e, "kind", "账号类型应为person(自然人)或"
		    "company(法人)");
	if (company) {
		idno = r->credit_code;
		field_id = "credit_code";
		if (idcode_check_credit(idno, why, sizeof why))
			return field_fail(e, "credit_code", why);
		if (utf8_count(r->company_name, strlen(r->company_name)) < 2)
			return field_fail(e, "company_name", "请填写单位全称");
		if (accounts_check_name(r->legal_person, why, sizeof why))
			return field_fail(e, "legal_person", why);
	} else {
		idno = r->id_number;
		field_id = "id_number";
		if (accounts_check_name(r->name, why, sizeof why))
			return field_fail(e, "name", why);
		if (idcode_check_person_on(idno, who->today, why, sizeof why))
			return field_fail(e, "id_number", why);
	}
	if (idcode_check_mobile(r->phone, why, sizeof why))
		return field_fail(e, "phone", why);
	if (strlen(r->sms_code) != 6 || strspn(r->sms_code, "0123456789") != 6)
		return field_fail(e, "sms_code", "短信验证码应为6位数字");
	if (password_check(r->password, company ? idno : r->phone, why,
	    sizeof why) || (!company && password_check(r->password,
	    r->id_number, why, sizeof why)))
		return field_fail(e, "password", why);

	/* outside the transaction: the verifier may wait on the network, a
	 * hash takes ~50 ms */
	if (!realname_config_load(st, &rc))
		verdict = realname_verify(&rc, company ? r->company_name : r->name,
		    idno, &by);
	if ((err = svc_check(e, password_hash(r->password, hash))))
		return err;

	u.role = ROLE_APPLICANT;
	u.active = true;
	u.real_name = verdict == REALNAME_MATCH;
	snprintf(u.kind, sizeof u.kind, "%s", company ? "company" : "person");
	if (company) {
		/* a company's credit code is public: its login name */
		snprintf(u.username, sizeof u.username, "%s", idno);
	} else {
		/* not the phone: a username is shown wherever the account is;
		 * the person logs in by phone or ID number instead */
		unsigned char rnd[5];
		char hex[11];

		randombytes_buf(rnd, sizeof rnd);
		sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
		snprintf(u.username, sizeof u.username, "u%s", hex);
	}
	snprintf(u.name, sizeof u.name, "%s", company ? r->company_name :
	    r->name);
	snprintf(u.id_number, sizeof u.id_number, "%s", idno);
	snprintf(u.phone, sizeof u.phone, "%s", r->phone);
	snprintf(u.pw_hash, sizeof u.pw_hash, "%s", hash);
	if (company)
		snprintf(u.legal_person, sizeof u.legal_person, "%s",
		    r->legal_person);
	sodium_memzero(hash, sizeof hash);

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = accounts_take_code(st, r->phone, "register", r->sms_code,
	    who->now, &guess, e)))
		return code_refused(st, guess, err);
	if ((err = svc_check(e, store_applicant_taken(st, idno, company ? NULL :
	    r->phone, &id_taken, &phone_taken))))
		return fail_rollback(st, err);
	if (id_taken)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack("{s:s}",
		    "field", field_id), company ? "该统一社会信用代码已注册,"
		    "请直接登录" : "该身份证号码已注册,请直接登录或找回密码"));
	if (phone_taken)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack("{s:s}",
		    "field", "phone"), "该手机号码已注册,请直接登录或找回密码"));
	err = store_user_insert(st, &u, who->now, &u.id);
	if (err == GH_ECONFLICT)
		err = svc_fail(e, GH_ECONFLICT, json_pack("{s:s}", "field", "phone"),
		    "该账号已存在,请直接登录");
	else
		err = svc_check(e, err);
	mask_id_number(idno, masked, sizeof masked);
	if (err || (u.real_name && (err = svc_check(e,
	    store_user_set_real_name(st, u.id, by, who->now)))) ||
	    (err = svc_check(e, audit_as(st, who->now, u.id, u.name,
	    ROLE_APPLICANT, "account.register", "user", u.username, NULL,
	    json_pack("{s:s,s:s,s:b,s:s,s:s}", "kind", u.kind, "id_number",
	    masked, "real_name", u.real_name, "verifier", by, "addr",
	    who->addr ? who->addr : "")))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = accounts_user_json(&u);
	json_object_set_new(*out, "real_name_check", json_string(
	    realname_result_label(verdict)));
	return 0;
}

int accounts_reset_password(store *st, const struct svc_actor *who,
    const char *phone, const char *login, const char *code,
    const char *password, struct svc_err *e)
{
	char why[200], hash[crypto_pwhash_STRBYTES];
	struct user_rec u;
	int64_t ended = 0;
	bool guess;
	int err;

	if (idcode_check_mobile(phone, why, sizeof why))
		return field_fail(e, "phone", why);
	if (password_check(password, login ? login : phone, why, sizeof why))
		return field_fail(e, "password", why);
	if ((err = svc_check(e, password_hash(password, hash))))
		return err;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = accounts_take_code(st, phone, "reset", code, who->now, &guess,
	    e)))
		return code_refused(st, guess, err);
	err = store_user_by_login(st, login ? login : phone, &u);
	if (err == GH_ENOTFOUND || (!err && (u.role != ROLE_APPLICANT ||
	    strcmp(u.phone, phone) || !u.active)))
		return fail_rollback(st, field_fail(e, "phone",
		    "该手机号码未注册账号"));
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, store_user_set_hash(st, u.id, hash))) ||
	    (err = svc_check(e, store_user_sessions_end(st, u.id, NULL, &ended))) ||
	    (err = svc_check(e, login_throttle_reset(st, u.username))) ||
	    (err = svc_check(e, audit_as(st, who->now, u.id, u.name,
	    ROLE_APPLICANT, "account.password_reset", "user", u.username, NULL,
	    json_pack("{s:I,s:s}", "sessions_ended", (json_int_t)ended, "addr",
	    who->addr ? who->addr : "")))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	sodium_memzero(hash, sizeof hash);
	return 0;
}

/* Marks u 实名 by verifier `by` in one transaction with its audit. */
static int set_real_name(store *st, const struct svc_actor *who,
    struct user_rec *u, const char *by, const char *reason, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_user_set_real_name(st, u->id, by,
	    who->now))) || (err = svc_check(e, audit_actor(st, who,
	    "account.real_name", "user", u->username, NULL, json_pack("{s:s,s:s}",
	    "verifier", by, "reason", reason ? reason : "")))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	u->real_name = true;
	return 0;
}

int accounts_realname(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	struct realname_config rc;
	enum realname_result verdict;
	struct user_rec u;
	const char *by;
	int err;

	if ((err = svc_check(e, store_user_by_id(st, who->id, &u))))
		return err;
	if (!u.real_name) {
		if ((err = realname_config_load(st, &rc)))
			return svc_fail(e, GH_EUNAVAIL, NULL, "实名核验服务配置有误,"
			    "请联系服务中心");
		verdict = realname_verify(&rc, u.name, u.id_number, &by);
		if (verdict == REALNAME_UNAVAILABLE)
			return svc_fail(e, GH_EUNAVAIL, NULL, "%s,请稍后再试或携带"
			    "证件到窗口核验", realname_result_label(verdict));
		if (verdict != REALNAME_MATCH)
			return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "id_number"), "%s,请携带证件到窗口核验",
			    realname_result_label(verdict));
		if ((err = set_real_name(st, who, &u, by, NULL, e)))
			return err;
	}
	*out = accounts_user_json(&u);
	return 0;
}

int accounts_realname_by_staff(store *st, const struct svc_actor *who,
    int64_t user_id, const char *reason, json_t **out, struct svc_err *e)
{
	char by[96];
	struct user_rec u;
	int err = store_user_by_id(st, user_id, &u);

	if (err == GH_ENOTFOUND || (!err && u.role != ROLE_APPLICANT))
		return svc_fail(e, GH_ENOTFOUND, NULL, "办事人账号%lld不存在",
		    (long long)user_id);
	if ((err = svc_check(e, err)))
		return err;
	snprintf(by, sizeof by, "staff:%lld", (long long)who->id);
	if (!u.real_name && (err = set_real_name(st, who, &u, by, reason, e)))
		return err;
	*out = accounts_user_json(&u);
	return 0;
}

/* ---- 经办人 ---------------------------------------------------------------- */

static int need_company(store *st, const struct svc_actor *who,
    struct user_rec *u, struct svc_err *e)
{
	int err = svc_check(e, store_user_by_id(st, who->id, u));

	if (!err && (u->role != ROLE_APPLICANT || strcmp(u->kind, "company")))
		err = svc_fail(e, GH_EFORBIDDEN, NULL, "只有法人账号可以管理经办人");
	return err;
}

/* Masks the agents' ID numbers and phones in place. */
static void mask_agents(json_t *rows)
{
	size_t i;
	json_t *row;
	char buf[48];

	json_array_foreach(rows, i, row) {
		const char *id = json_string_value(json_object_get(row, "id_number"));
		const char *ph = json_string_value(json_object_get(row, "phone"));

		mask_id_number(id ? id : "", buf, sizeof buf);
		json_object_set_new(row, "id_number", json_string(buf));
		mask_phone(ph ? ph : "", buf, sizeof buf);
		json_object_set_new(row, "phone", json_string(buf));
	}
}

int accounts_agents(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	struct user_rec u;
	int err;

	if ((err = need_company(st, who, &u, e)) ||
	    (err = svc_check(e, store_agents_json(st, u.id, out))))
		return err;
	mask_agents(*out);
	return 0;
}

int accounts_agent_add(store *st, const struct svc_actor *who,
    const char *id_number, const char *name, json_t **out, struct svc_err *e)
{
	struct user_rec co, p;
	bool already = false;
	char why[160], cid[24];
	int err;

	if ((err = need_company(st, who, &co, e)))
		return err;
	if (idcode_check_person_on(id_number, who->today, why, sizeof why))
		return field_fail(e, "id_number", why);
	err = store_user_by_login(st, id_number, &p);
	if (err == GH_ENOTFOUND || (!err && (strcmp(p.kind, "person") ||
	    strcmp(p.name, name) || !p.active)))
		return field_fail(e, "id_number", "未找到该姓名与身份证号码的个人"
		    "账号,经办人须先注册个人账号");
	if ((err = svc_check(e, err)))
		return err;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_agent_acts_for(st, p.id, co.id, &already))))
		return fail_rollback(st, err);
	if (already)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, NULL,
		    "%s已是本单位的经办人", p.name));
	snprintf(cid, sizeof cid, "%lld", (long long)co.id);
	if ((err = svc_check(e, store_agent_add(st, co.id, p.id, who->id,
	    who->now))) || (err = svc_check(e, audit_actor(st, who,
	    "account.agent_add", "user", cid, NULL, json_pack("{s:I,s:s}",
	    "agent_id", (json_int_t)p.id, "agent", p.username)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return accounts_agents(st, who, out, e);
}

int accounts_agent_remove(store *st, const struct svc_actor *who,
    int64_t user_id, struct svc_err *e)
{
	struct user_rec co;
	char cid[24];
	int err;

	if ((err = need_company(st, who, &co, e)))
		return err;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_agent_remove(st, co.id, user_id);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "该用户不是本单位的"
		    "经办人"));
	snprintf(cid, sizeof cid, "%lld", (long long)co.id);
	if ((err = svc_check(e, err)) || (err = svc_check(e, audit_actor(st, who,
	    "account.agent_remove", "user", cid, NULL, json_pack("{s:I}",
	    "agent_id", (json_int_t)user_id)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

int accounts_companies(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	return svc_check(e, store_agent_companies_json(st, who->id, out));
}

int accounts_may_apply(store *st, const struct svc_actor *who,
    struct svc_err *e)
{
	struct user_rec u;
	int64_t need;
	int err;

	if (who->role != ROLE_APPLICANT)
		return 0;
	if ((err = svc_check(e, store_setting_int(st, "apply_requires_real_name",
	    0, &need))) || (err = svc_check(e, store_user_by_id(st, who->id, &u))))
		return err;
	if (need && !u.real_name)
		return svc_fail(e, GH_EFORBIDDEN, json_pack("{s:s}", "reason",
		    "real_name"), "请先完成实名认证再申报办件");
	return 0;
}
