/*
 * main.c - the govhall command: process set-up and its verbs.
 *
 *   govhall init DB                 create an empty centre
 *   govhall demo DB                 create the demo centre
 *   govhall serve --db DB ...       serve the API and the web UI
 *   govhall import-items DB FILE    import the catalogue (CSV or JSON)
 *   govhall export-items DB         export the catalogue
 *   govhall import-calendar DB FILE import an official holiday schedule
 *   govhall verify-audit DB         check the audit hash chain
 *   govhall sweep DB                one supervision pass (timers, cards)
 *   govhall deliver DB              one delivery pass of the outbox
 *
 * Wrong arguments print a message and exit 2; failures exit 1.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "demo/demo.h"
#include "domain/day.h"
#include "domain/item.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "export/pdf_doc.h"
#include "http/http.h"
#include "service/org_import.h"
#include "notify/outbox.h"
#include "service/outbox_delivery.h"
#include "service/sweep.h"
#include "store/audit_keys.h"
#include "store/store.h"
#include "util/file.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define FILE_MAX (64u << 20)

static const char usage_text[] =
    "govhall " GH_VERSION " - 政务服务中心一体化平台\n"
    "\n"
    "用法 / usage:\n"
    "  govhall init DB [--centre NAME] [--admin-password PW]\n"
    "  govhall demo DB [--today YYYY-MM-DD]\n"
    "  govhall serve --db DB [--listen 127.0.0.1:8080] [--today YYYY-MM-DD]\n"
    "                [--static DIR]  (default: the web UI embedded in this binary)\n"
    "                [--threads N] [--tz Asia/Shanghai]\n"
    "                [--sweep-interval SECONDS]  (0: no periodic supervision)\n"
    "                [--group-commit]  (one fsync shared by concurrent commits)\n"
    "                [--max-conns N] [--max-conns-per-ip N] (0: none, behind a proxy)\n"
    "                [--request-deadline SECONDS] [--idle-timeout SECONDS]\n"
    "                [--reuse-port]  (share the port with another server on purpose)\n"
    "                [--trust-proxy]  (behind nginx: X-Forwarded-For/-Proto/-Host)\n"
    "                [--secure-cookies]  (served over TLS: cookies are Secure)\n"
    "                [--sms-log]  (demos and tests only: each SMS is written to the\n"
    "                              log as \"SMS <phone>: <text>\" instead of sent)\n"
    "                [--wal-limit MIB] (TRUNCATE checkpoint past it; default 64)\n"
    "  govhall import-items DB FILE [--format csv|json]\n"
    "  govhall import-org DB FILE [--admin-password PW]  新建中心的组织机构(JSON, 见 src/export/org_codec.h)\n"
    "  govhall export-items DB [--format csv|json]\n"
    "  govhall import-calendar DB FILE [--region ID]\n"
    "  govhall verify-audit DB [--checkpoints FILE] [--deep]\n"
    "  govhall reset-supervisor DB USERNAME   服务器上创建首个效能监察账号或重置其密码(记入审计)\n"
    "  每个打开数据库的子命令: [--audit-keys FILE] (或环境变量 GOVHALL_AUDIT_KEYS,\n"
    "      默认 DB.keys) [--checkpoints FILE] (默认 DB.checkpoints)\n"
    "  govhall sweep DB [--today YYYY-MM-DD]   电子监察巡查(预警、黄牌红牌、督办单、补正超时)\n"
    "  govhall deliver DB   发送待发的邮件和短信提醒(一轮, 供cron调用)\n"
    "  govhall --help | --version\n";

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "govhall: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n\n%s", usage_text);
	return 2;
}

static int fail(int err, const char *what)
{
	fprintf(stderr, "govhall: %s: %s\n", what, gh_err_info(err)->message);
	return 1;
}

/* Options shared by the verbs; each verb checks what it needs. */
struct opts {
	const char *db, *listen, *today_s, *static_dir, *format, *tz;
	const char *centre, *admin_password;
	const char *audit_keys, *checkpoints;
	const char *from, *to;
	bool deep;
	long threads, region, sweep_s;
	long max_conns, max_conns_per_ip, request_deadline_s, idle_timeout_s;
	bool reuse_port, trust_proxy, secure_cookies, sms_log;
	int32_t today;
	const char *pos[4];
	int n_pos;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"today", required_argument, NULL, 't'},
		{"static", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"threads", required_argument, NULL, 'n'},
		{"tz", required_argument, NULL, 'z'},
		{"region", required_argument, NULL, 'r'},
		{"sweep-interval", required_argument, NULL, 'w'},
		{"group-commit", no_argument, NULL, 'g'},
		{"wal-limit", required_argument, NULL, 'W'},
		{"centre", required_argument, NULL, 'c'},
		{"admin-password", required_argument, NULL, 'p'},
		{"max-conns", required_argument, NULL, 'M'},
		{"max-conns-per-ip", required_argument, NULL, 'I'},
		{"request-deadline", required_argument, NULL, 'D'},
		{"idle-timeout", required_argument, NULL, 'T'},
		{"reuse-port", no_argument, NULL, 'R'},
		{"trust-proxy", no_argument, NULL, 'P'},
		{"secure-cookies", no_argument, NULL, 'S'},
		{"sms-log", no_argument, NULL, 'L'},
		{"audit-keys", required_argument, NULL, 'K'},
		{"checkpoints", required_argument, NULL, 'C'},
		{"deep", no_argument, NULL, 'E'},
		{"from", required_argument, NULL, 'F'},
		{"to", required_argument, NULL, 'O'},
		{"db-statement-timeout", required_argument, NULL, 'Q'},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:8080";
	o->threads = 4;
	o->sweep_s = 60;
	o->max_conns = 1024;
	o->max_conns_per_ip = 64;
	o->request_deadline_s = 10;
	o->idle_timeout_s = 30;
	o->today = DAY_NONE;
	o->tz = getenv("GOVHALL_TZ") ? getenv("GOVHALL_TZ") : "Asia/Shanghai";
	o->audit_keys = getenv("GOVHALL_AUDIT_KEYS");
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'l': o->listen = optarg; break;
		case 't': o->today_s = optarg; break;
		case 's': o->static_dir = optarg; break;
		case 'f': o->format = optarg; break;
		case 'z': o->tz = optarg; break;
		case 'c': o->centre = optarg; break;
		case 'p': o->admin_password = optarg; break;
		case 'K': o->audit_keys = optarg; break;
		case 'C': o->checkpoints = optarg; break;
		case 'E': o->deep = true; break;
		case 'F': o->from = optarg; break;
		case 'O': o->to = optarg; break;
		case 'Q': {
			long ms = strtol(optarg, &end, 10);

			if (*end || !*optarg || ms < 0 || ms > 3600000)
				return usage_error("--db-statement-timeout 应为0到"
				    "3600000毫秒: %s", optarg);
			store_set_statement_timeout((int)ms);
			break;
		}
		case 'n':
			o->threads = strtol(optarg, &end, 10);
			if (*end || o->threads < 2 || o->threads > 64)
				return usage_error("--threads 应为2到64之间的整数: %s",
				    optarg);
			break;
		case 'g':
			store_set_group_commit(true);
			break;
		case 'W': {
			long mib = strtol(optarg, &end, 10);

			if (*end || mib < 1 || mib > 65536)
				return usage_error("--wal-limit 应为1到65536之间的MiB数: %s",
				    optarg);
			store_set_wal_limit((int64_t)mib << 20);
			break;
		}
		case 'w':
			o->sweep_s = strtol(optarg, &end, 10);
			if (*end || o->sweep_s < 0 || o->sweep_s > 86400)
				return usage_error("--sweep-interval 应为0到86400秒: %s",
				    optarg);
			break;
		case 'M': case 'I': case 'D': case 'T': {
			long v = strtol(optarg, &end, 10);
			long lo = c == 'M' || c == 'T' ? 1 : 0;
			long hi = c == 'M' || c == 'I' ? 100000 : 3600;

			if (*end || !*optarg || v < lo || v > hi)
				return usage_error("%s 应为%ld到%ld之间的整数: %s",
				    argv[optind - 1], lo, hi, optarg);
			*(c == 'M' ? &o->max_conns : c == 'I' ?
			    &o->max_conns_per_ip : c == 'D' ?
			    &o->request_deadline_s : &o->idle_timeout_s) = v;
			break;
		}
		case 'R':
			o->reuse_port = true;
			break;
		case 'P':
			o->trust_proxy = true;
			break;
		case 'L':
			o->sms_log = true;
			break;
		case 'S':
			o->secure_cookies = true;
			break;
		case 'r':
			o->region = strtol(optarg, &end, 10);
			if (*end || o->region <= 0)
				return usage_error("--region 应为地区编号: %s", optarg);
			break;
		default:
			return usage_error("未知或不完整的选项: %s", argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) {
		if (o->n_pos == 4)
			return usage_error("多余的参数: %s", argv[optind]);
		o->pos[o->n_pos++] = argv[optind];
	}
	if (o->today_s && day_parse_iso(o->today_s, &o->today))
		return usage_error("--today 应为YYYY-MM-DD格式的日期: %s", o->today_s);
	if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return usage_error("--format 应为csv或json: %s", o->format);
	setenv("TZ", o->tz, 1);
	tzset();
	return 0;
}

static int32_t today_of(const struct opts *o)
{
	struct tm tm;
	time_t now;

	if (o->today != DAY_NONE)
		return o->today;
	now = time(NULL);
	localtime_r(&now, &tm);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int need_pos(const struct opts *o, int n, const char *what)
{
	if (o->n_pos < n)
		return usage_error("缺少参数: %s", what);
	if (o->n_pos > n)
		return usage_error("多余的参数: %s", o->pos[n]);
	return 0;
}

/* The audit's key file and checkpoint file of the verb being run (set by
 * main before the verb; see audit_paths). */
static char keys_path[4096], cp_path[4096];
static struct audit_keys loaded_keys;
static bool keys_loaded;

/* Resolves the key and checkpoint paths for db: the options, then
 * GOVHALL_AUDIT_KEYS, then beside the database.  A database URI has no
 * "beside", so it needs the options. */
static int audit_paths(const struct opts *o, const char *db)
{
	if (o->audit_keys)
		snprintf(keys_path, sizeof keys_path, "%s", o->audit_keys);
	else if (audit_default_path(db, ".keys", keys_path, sizeof keys_path))
		return usage_error("数据库 %s 不是文件, 需要 --audit-keys FILE", db);
	if (o->checkpoints)
		snprintf(cp_path, sizeof cp_path, "%s", o->checkpoints);
	else if (audit_default_path(db, ".checkpoints", cp_path, sizeof cp_path))
		return usage_error("数据库 %s 不是文件, 需要 --checkpoints FILE", db);
	return 0;
}

/* Opens the store with the audit keys: refuses a database whose chain is
 * keyed when the key file is missing, unreadable or holds another key. */
static int open_db(const char *path, store **st)
{
	int err = audit_keys_load(keys_path, &loaded_keys);

	keys_loaded = !err;
	if (err && err != GH_ENOTFOUND) {
		fprintf(stderr, "govhall: 审计密钥文件 %s 无效(须为本程序创建,"
		    " 权限0600)\n", keys_path);
		return err;
	}
	audit_keys_use(keys_loaded ? &loaded_keys : NULL, cp_path);
	err = store_open(path, st);
	if (err) {
		fprintf(stderr, "govhall: 无法打开数据库 %s: %s\n", path,
		    gh_err_info(err)->message);
		return err;
	}
	err = store_audit_check_keys(*st, keys_loaded ? &loaded_keys : NULL);
	if (err) {
		fprintf(stderr, "govhall: 数据库 %s 的审计记录链需要它的审计密钥,"
		    " 但密钥文件 %s %s\n", path, keys_path,
		    keys_loaded ? "中的密钥不符" : "缺失");
		store_close(*st);
		*st = NULL;
	}
	return err;
}

/* Creates the key file for db when there is none: the key epoch is the
 * next audit id, so the records of an older database stay verifiable by
 * the unkeyed chain they were written with.  *created tells whether. */
static int ensure_keys(const char *db, bool *created)
{
	struct audit_keys k;
	int64_t count = 0, bad;
	store *st;
	int err;

	*created = false;
	if (audit_keys_load(keys_path, &k) != GH_ENOTFOUND)
		return 0;
	audit_keys_use(NULL, NULL);
	if ((err = store_open(db, &st)))
		return fail(err, "无法打开数据库");
	err = store_audit_check_keys(st, NULL);
	if (!err)
		store_audit_verify(st, &count, &bad);
	store_close(st);
	if (err) {
		fprintf(stderr, "govhall: 数据库 %s 已有审计密钥, 但密钥文件 %s"
		    " 缺失\n", db, keys_path);
		return 1;
	}
	if ((err = audit_keys_create(keys_path, count + 1, &k)))
		return fail(err, "无法创建审计密钥文件");
	sodium_memzero(&k, sizeof k);
	*created = true;
	return 0;
}

/* Signs the chain's head after a verb that wrote (CLI verbs: always). */
static void checkpoint_now(store *st)
{
	int err = store_audit_checkpoint(st, (int64_t)time(NULL), true);

	if (err)
		fprintf(stderr, "govhall: 审计检查点写入失败: %s\n",
		    gh_err_info(err)->message);
}

static int cmd_init(const struct opts *o)
{
	struct region_rec r = {.code = "000000000000", .level = LV_COUNTY};
	struct user_rec admin = {0};
	char pw[33], hash[128];
	unsigned char raw[12];
	int64_t region, id;
	store *st;
	int rc;

	bool created;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if ((rc = ensure_keys(o->pos[0], &created)))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	if (store_root_region(st, &region) != GH_ENOTFOUND) {
		if (created) {
			checkpoint_now(st);
			store_close(st);
			printf("已为 %s 创建审计密钥文件 %s\n", o->pos[0], keys_path);
			return 0;
		}
		fprintf(stderr, "govhall: %s 已经初始化\n", o->pos[0]);
		store_close(st);
		return 1;
	}
	if (o->admin_password) {
		snprintf(pw, sizeof pw, "%s", o->admin_password);
	} else {
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(pw, sizeof pw, raw, sizeof raw,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	r.name = o->centre ? o->centre : "本级";
	snprintf(admin.username, sizeof admin.username, "admin");
	snprintf(admin.name, sizeof admin.name, "中心管理员");
	admin.role = ROLE_ADMIN;
	admin.active = true;
	rc = password_hash(pw, hash);
	snprintf(admin.pw_hash, sizeof admin.pw_hash, "%s", hash);
	if (rc || (rc = store_begin(st)) ||
	    (rc = store_region_insert(st, &r, &region)) ||
	    (rc = store_hall_insert(st, region, "政务服务中心", "", "", &id)) ||
	    (rc = store_user_insert(st, &admin, (int64_t)time(NULL), &id)) ||
	    (rc = audit_as(st, (int64_t)time(NULL), 0, "系统", ROLE_SYSTEM,
	    "centre.init", "region", "root", NULL, NULL)) ||
	    (rc = store_commit(st))) {
		store_close(st);
		return fail(rc, "初始化失败");
	}
	checkpoint_now(st);
	store_close(st);
	printf("已创建 %s\n管理员账号: admin  密码: %s\n", o->pos[0], pw);
	return 0;
}

static int cmd_demo(const struct opts *o)
{
	store *st;
	int rc;

	bool created;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if ((rc = ensure_keys(o->pos[0], &created)))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = demo_build(st, today_of(o));
	if (!rc)
		checkpoint_now(st);
	store_close(st);
	if (rc == GH_ECONFLICT) {
		fprintf(stderr, "govhall: %s 中已有数据,未创建演示中心\n", o->pos[0]);
		return 1;
	}
	return rc ? fail(rc, "创建演示中心失败") : 0;
}

static void sweep_tick(store *st, int32_t today, int64_t now);
/* Servers on one database sweep in turns: a tick within half an interval
 * of another server's pass skips it (watch_sweep_every). */
static int64_t tick_gap_s;

static int cmd_serve(const struct opts *o)
{
	struct server_config cfg = {
		.db_path = o->db, .listen = o->listen, .static_dir = o->static_dir,
		.threads = (int)o->threads, .fixed_today = o->today,
		.tick = sweep_tick, .tick_interval_s = (int)o->sweep_s,
		.max_conns = (int)o->max_conns,
		.max_conns_per_ip = (int)o->max_conns_per_ip,
		.request_deadline_s = (int)o->request_deadline_s,
		.idle_timeout_s = (int)o->idle_timeout_s,
		.reuse_port = o->reuse_port,
		.trust_proxy = o->trust_proxy,
		.secure_cookies = o->secure_cookies,
	};
	store *st;
	int rc;

	tick_gap_s = o->sweep_s / 2;
	if (o->sms_log) {
		outbox_set_sms_log(true);
		log_warn("--sms-log: SMS messages are written to this log, not sent");
	}
	if (!o->db)
		return usage_error("serve 需要 --db DB");
	if ((rc = need_pos(o, 0, "")))
		return rc;
	/* Open once here: migrations run before any worker starts. */
	if (open_db(o->db, &st))
		return 1;
	store_close(st);
	/* the CJK fonts of the PDF notices, before the first request */
	pdf_doc_warm();
	rc = server_run(&cfg, api_routes, api_route_count);
	pdf_doc_shutdown();
	if (!store_open(o->db, &st)) {
		checkpoint_now(st);
		store_close(st);
	}
	calendar_cache_clear();
	return rc ? fail(rc, "服务启动失败") : 0;
}

static void print_item_errors(const struct item_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "  第%d%s %s: %s\n", errs->v[i].line,
		    "行/条", errs->v[i].field, errs->v[i].message);
}

static int cmd_import_items(const struct opts *o)
{
	struct item_errors errs = {0};
	size_t len, created, updated;
	char *buf;
	bool csv;
	store *st;
	int rc;

	if ((rc = need_pos(o, 2, "DB FILE")))
		return rc;
	csv = o->format ? !strcmp(o->format, "csv")
	    : !(strlen(o->pos[1]) > 5 && !strcmp(o->pos[1] + strlen(o->pos[1]) - 5,
	    ".json"));
	if ((rc = file_read_all(o->pos[1], FILE_MAX, &buf, &len)))
		return fail(rc, o->pos[1]);
	if (open_db(o->pos[0], &st)) {
		free(buf);
		return 1;
	}
	rc = items_import(st, buf, len, csv, (int64_t)time(NULL), 0, "命令行导入",
	    ROLE_SYSTEM, &errs, &created, &updated);
	free(buf);
	if (!rc)
		checkpoint_now(st);
	store_close(st);
	if (rc) {
		fprintf(stderr, "govhall: 导入失败,未导入任何事项 (%zu处错误):\n",
		    errs.n);
		print_item_errors(&errs);
		item_errors_clear(&errs);
		return 1;
	}
	printf("导入完成: 新增%zu项, 更新%zu项\n", created, updated);
	return 0;
}

/* govhall import-org DB FILE: the organisation of a new centre in one
 * transaction (service/org_import.h).  Accounts of role admin get
 * --admin-password (or a random one, printed); the others get their
 * passwords from an administrator (重置密码). */
static int cmd_import_org(const struct opts *o)
{
	struct item_errors errs = {0};
	struct org_counts n = {0};
	char pw[33], hash[128];
	unsigned char raw[12];
	size_t len;
	char *buf;
	store *st;
	int rc;

	if ((rc = need_pos(o, 2, "DB FILE")))
		return rc;
	if ((rc = file_read_all(o->pos[1], FILE_MAX, &buf, &len)))
		return fail(rc, o->pos[1]);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pw, sizeof pw, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (o->admin_password)
		snprintf(pw, sizeof pw, "%s", o->admin_password);
	if ((rc = password_hash(pw, hash)) || open_db(o->pos[0], &st)) {
		free(buf);
		return rc ? fail(rc, "导入失败") : 1;
	}
	rc = org_import(st, buf, len, &(struct org_apply_opts){.now = (int64_t)
	    time(NULL), .pw_hash = ORG_NO_PASSWORD, .admin_pw_hash = hash}, 0,
	    "命令行导入", ROLE_SYSTEM, &errs, &n);
	free(buf);
	if (!rc)
		checkpoint_now(st);
	store_close(st);
	if (rc && !errs.n)
		return fail(rc, "导入失败");
	if (rc) {
		fprintf(stderr, "govhall: 导入失败,未导入任何记录 (%zu处错误):\n",
		    errs.n);
		print_item_errors(&errs);
		item_errors_clear(&errs);
		return 1;
	}
	printf("导入完成: %zu个地区, %zu个单位, %zu个大厅, %zu个窗口, %zu名工作人员, "
	    "%zu个A/B岗\n", n.regions, n.depts, n.halls, n.windows, n.staff,
	    n.posts);
	if (n.admins)
		printf("管理员账号密码: %s\n", o->admin_password ? "(--admin-password)"
		    : pw);
	if (n.staff > n.admins)
		printf("其他工作人员账号尚无密码,请由管理员在“工作人员”页面重置密码\n");
	return 0;
}

static int cmd_export_items(const struct opts *o)
{
	struct item *items;
	size_t n, len;
	char *text;
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = store_items_all(st, &items, &n);
	store_close(st);
	if (rc)
		return fail(rc, "导出失败");
	text = (o->format && !strcmp(o->format, "json"))
	    ? items_format_json(items, n, &len) : items_format_csv(items, n, &len);
	fwrite(text, 1, len, stdout);
	free(text);
	items_free(items, n);
	return 0;
}

static int cmd_import_calendar(const struct opts *o)
{
	struct cal_entry *entries;
	size_t len, n, moved = 0;
	int64_t region;
	char *buf, why[256];
	store *st;
	int rc;

	if ((rc = need_pos(o, 2, "DB FILE")))
		return rc;
	if ((rc = file_read_all(o->pos[1], FILE_MAX, &buf, &len)))
		return fail(rc, o->pos[1]);
	rc = calendar_parse_csv(buf, len, &entries, &n, why, sizeof why);
	free(buf);
	if (rc) {
		fprintf(stderr, "govhall: %s: %s\n", o->pos[1], why);
		return 1;
	}
	if (open_db(o->pos[0], &st)) {
		store_calendar_entries_free(entries, n);
		return 1;
	}
	rc = o->region ? store_region_exists(st, o->region)
	    : store_root_region(st, &region);
	if (o->region)
		region = o->region;
	if (rc == GH_ENOTFOUND) {
		fprintf(stderr, "govhall: 地区不存在(先运行 govhall init)\n");
		rc = 1;
		goto out;
	}
	if (!rc && !(rc = store_begin(st)) &&
	    !(rc = calendar_apply(st, region, entries, n, NULL, 0,
	    (int64_t)time(NULL), today_of(o), 0, "命令行导入", ROLE_SYSTEM,
	    &moved)))
		rc = store_commit(st);
	if (rc) {
		store_rollback(st);
		rc = fail(rc, "导入日历失败");
		goto out;
	}
	printf("导入日历: %zu条, %zu个在办件的期限已重新计算\n", n, moved);
	checkpoint_now(st);
out:
	store_calendar_entries_free(entries, n);
	store_close(st);
	calendar_cache_clear();
	return rc;
}

static void print_sweep(const struct sweep_report *r)
{
	printf("巡查: 检查在办件%zu件, 补正超时驳回%zu件, 新增异常%zu条, "
	    "黄牌/红牌%zu张, 提醒%zu条, 新发督办单%zu件, 清理过期会话等%lld条, "
	    "容缺到期提醒%zu条, 容缺逾期终止办理%zu件, 并联审批超时默认同意%zu件, "
	    "告知承诺核查逾期%zu件\n",
	    r->scanned, r->expired, r->anomalies, r->cards, r->notifications,
	    r->notices_issued, (long long)r->purged, r->reminded, r->terminated,
	    r->deemed, r->pledge_overdue);
}

/* The serve thread's periodic supervision pass, then the delivery of the
 * reminders it queued (and of any still due): a failed sweep does not hold
 * back messages queued by earlier ones. */
static void sweep_tick(store *st, int32_t today, int64_t now)
{
	struct sweep_report r;
	struct outbox_report d;
	int err = watch_sweep_every(st, today, now, tick_gap_s, &r);

	if (store_audit_checkpoint(st, now, false))
		log_error("audit checkpoint failed");

	if (err)
		log_error("sweep failed: %s", gh_err_info(err)->message);
	else if (r.expired || r.anomalies || r.cards || r.notifications ||
	    r.notices_issued || r.reminded || r.terminated || r.deemed)
		log_info("sweep: %zu cases, %zu expired, %zu anomalies, %zu cards,"
		    " %zu reminders, %zu supervision notices, %lld purged",
		    r.scanned, r.expired, r.anomalies, r.cards, r.notifications,
		    r.notices_issued, (long long)r.purged);
	if ((err = outbox_deliver(st, now, &d)))
		log_error("outbox delivery failed: %s", gh_err_info(err)->message);
	else if (d.sent || d.retrying || d.failed)
		log_info("outbox: %zu sent, %zu to retry, %zu failed for good,"
		    " %zu deferred", d.sent, d.retrying, d.failed, d.deferred);
}

static int cmd_sweep(const struct opts *o)
{
	struct sweep_report r;
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = watch_sweep(st, today_of(o), (int64_t)time(NULL), &r);
	checkpoint_now(st);
	store_close(st);
	calendar_cache_clear();
	if (rc)
		return fail(rc, "巡查失败");
	if (r.skipped)
		printf("巡查: 另一服务器正在巡查, 本次未重复执行\n");
	else
		print_sweep(&r);
	return 0;
}

static int chain_check(store *st, bool deep, size_t *n_checkpoints,
    int64_t *count, size_t *problems);

static void copy_progress(void *ctx, const char *table, int64_t rows)
{
	if (!table) {
		*(bool *)ctx = true;
		printf("已提交, 校验:\n");
	} else {
		printf("  %-28s %lld行\n", table, (long long)rows);
	}
	fflush(stdout);
}

static void copy_problem(void *ctx, const char *message)
{
	(void)ctx;   /* the progress flag, shared */
	printf("  不一致: %s\n", message);
}

/* govhall copy --from FILE.db --to TARGET: the centre in FILE.db moved to
 * an empty database (a PostgreSQL URI, or another SQLite file), then
 * verified: row counts per table, the open-case counters, a sample of
 * cases field by field, and the audit chain on the target with the
 * source's audit key and checkpoints. */
static int cmd_copy(const struct opts *o)
{
	char shown[512];
	store *from = NULL, *to = NULL;
	size_t problems = 0;
	bool committed = false;
	int rc;

	if (!o->from || !o->to)
		return usage_error("copy 需要 --from FILE.db 和 --to 目标数据库");
	if (o->n_pos)
		return usage_error("多余的参数: %s", o->pos[0]);
	if (store_target_is_pg(o->from))
		return usage_error("--from 应为SQLite数据库文件: %s", o->from);
	if (open_db(o->from, &from))
		return 1;
	if ((rc = store_open(o->to, &to))) {
		store_target_display(o->to, shown, sizeof shown);
		store_close(from);
		return fail(rc, "无法打开目标数据库");
	}
	store_target_display(o->to, shown, sizeof shown);
	printf("复制 %s -> %s\n", o->from, shown);
	rc = store_copy(from, to, copy_progress, &committed, 200, copy_problem,
	    &problems);
	if (rc == GH_ECONFLICT && !problems) {
		fprintf(stderr, "govhall: 目标数据库 %s 已有数据(人员、事项、办件或"
		    "审计记录), 拒绝复制\n", shown);
		goto out;
	}
	if (rc) {
		fail(rc, committed ? "复制已提交, 但校验出错" :
		    "复制失败, 目标数据库未写入任何数据");
		goto out;
	}
	if (problems) {
		fprintf(stderr, "govhall: 复制后校验发现%zu处不一致\n", problems);
		rc = GH_ECONFLICT;
		goto out;
	}
	printf("  各表行数、在办计数与抽样办件一致\n");
	store_close(from);
	from = NULL;
	/* the audit chain on the target, with the source's key */
	{
		size_t n_cps = 0;
		int64_t count = 0;

		rc = keys_loaded ? chain_check(to, true, &n_cps, &count,
		    &problems) : 0;
		if (!rc && problems) {
			fprintf(stderr, "govhall: 目标库的审计记录校验发现%zu处问题\n",
			    problems);
			rc = GH_ECONFLICT;
		} else if (!rc) {
			printf("  目标库审计记录完整: %lld条, 与%zu个已签名检查点一致\n",
			    (long long)count, n_cps);
			printf("复制完成\n");
		}
	}
out:
	store_close(from);
	store_close(to);
	calendar_cache_clear();
	return rc ? 1 : 0;
}

static int cmd_deliver(const struct opts *o)
{
	struct outbox_report r;
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = outbox_deliver(st, (int64_t)time(NULL), &r);
	checkpoint_now(st);
	store_close(st);
	if (rc)
		return fail(rc, "发送提醒失败");
	printf("发送提醒: 已发送%zu条, 待重试%zu条, 最终失败%zu条(其中过期%zu条), "
	    "顺延%zu条, 渠道未配置而待发%zu条\n", r.sent, r.retrying, r.failed,
	    r.expired, r.deferred, r.unconfigured);
	return 0;
}

static void print_problem(void *ctx, const char *message)
{
	(void)ctx;
	printf("%s\n", message);
}

/* Reads the checkpoint file (a copy someone kept is as good); a missing
 * file is no checkpoint, a malformed line is a problem. */
static int read_checkpoints(const char *path, struct audit_checkpoint **v,
    size_t *n, size_t *problems)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		struct audit_checkpoint c;

		lineno++;
		if (line[0] == '\n')
			continue;
		if (audit_checkpoint_parse(line, &c)) {
			printf("检查点文件 %s 第%d行无法解析\n", path, lineno);
			(*problems)++;
			continue;
		}
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = c;
	}
	fclose(f);
	return 0;
}

/* The keyed chain of st against the checkpoint file and the table's
 * checkpoints (and, deep, the state the audit explains); problems are
 * printed, *problems counts them. */
static int chain_check(store *st, bool deep, size_t *n_checkpoints,
    int64_t *count, size_t *problems)
{
	struct audit_checkpoint *cps = NULL, *table = NULL;
	size_t n_cps = 0, n_table = 0, found = 0;
	int64_t bad;
	int rc;

	*problems = 0;
	read_checkpoints(cp_path, &cps, &n_cps, problems);
	rc = store_audit_checkpoints_load(st, &table, &n_table);
	if (!rc) {
		cps = xrealloc(cps, (n_cps + n_table + 1) * sizeof *cps);
		if (n_table)
			memcpy(cps + n_cps, table, n_table * sizeof *table);
		n_cps += n_table;
		rc = store_audit_verify_keyed(st, &loaded_keys, cps, n_cps,
		    print_problem, NULL, count, &found, &bad);
	}
	if (!rc && deep && !found)
		rc = store_audit_verify_deep(st, print_problem, NULL, &found);
	free(table);
	free(cps);
	*problems += found;
	*n_checkpoints = n_cps;
	return rc;
}

static int cmd_verify_audit(const struct opts *o)
{
	struct audit_checkpoint *cps = NULL;
	size_t n_cps = 0, problems = 0;
	int64_t count, bad;
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	if (!keys_loaded) {
		/* A database from before issue 8 with no key yet: the old chain.
		 * Signed checkpoints beside it mean it had a key: refuse. */
		read_checkpoints(cp_path, &cps, &n_cps, &problems);
		free(cps);
		if (n_cps || problems) {
			store_close(st);
			fprintf(stderr, "govhall: %s 有已签名的检查点, 但审计密钥文件"
			    " %s 缺失\n", cp_path, keys_path);
			return 1;
		}
		rc = store_audit_verify(st, &count, &bad);
		store_close(st);
		if (rc == GH_ECONFLICT) {
			printf("审计记录链在第%lld条处断裂(已校验%lld条)\n",
			    (long long)bad, (long long)count);
			return 1;
		}
		if (rc)
			return fail(rc, "校验失败");
		printf("审计记录完整: %lld条(无审计密钥, 仅校验了无密钥的记录链;"
		    " 运行 govhall init 创建密钥)\n", (long long)count);
		return 0;
	}
	rc = chain_check(st, o->deep, &n_cps, &count, &problems);
	store_close(st);
	if (rc)
		return fail(rc, "校验失败");
	if (problems) {
		printf("审计记录校验失败: 发现%zu处问题\n", problems);
		return 1;
	}
	printf("审计记录完整: %lld条, 与%zu个已签名检查点一致%s\n",
	    (long long)count, n_cps, o->deep ? ", 案件、异常和处分均有审计依据" : "");
	return 0;
}
/* reset-supervisor DB USERNAME: the operator's path on the server itself
 * to the first supervisor of a centre (govhall init makes only the
 * administrator, who may not make supervisors) and to a supervisor who
 * cannot be reset through the API because there is no second supervisor
 * (separation of duties, docs/security.md).  Creates the supervisor
 * account, or gives an existing one a new random password, ends its
 * sessions and clears its login lock; one transaction with an audit
 * record naming the operating-system user.  Refuses any other role. */
static int cmd_reset_supervisor(const struct opts *o)
{
	const char *name, *os_user = getenv("USER");
	struct user_rec u = {0};
	char pw[33], hash[128];
	unsigned char raw[12];
	int64_t now = (int64_t)time(NULL), id, ended = 0;
	bool created;
	store *st;
	size_t n;
	int rc;

	if ((rc = need_pos(o, 2, "DB USERNAME")))
		return rc;
	name = o->pos[1];
	n = strlen(name);
	if (n < 3 || n > 32 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return usage_error("账号应为3到32位小写字母、数字或“.”“_”“-”: %s",
		    name);
	if (open_db(o->pos[0], &st))
		return 1;
	rc = store_user_by_username(st, name, &u);
	if (rc && rc != GH_ENOTFOUND) {
		store_close(st);
		return fail(rc, "读取账号失败");
	}
	created = rc == GH_ENOTFOUND;
	if (!created && u.role != ROLE_SUPERVISOR) {
		fprintf(stderr, "govhall: %s 不是效能监察账号,未修改\n", name);
		store_close(st);
		return 1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pw, sizeof pw, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if ((rc = password_hash(pw, hash)) || (rc = store_begin(st)))
		goto out;
	if (created) {
		snprintf(u.username, sizeof u.username, "%s", name);
		snprintf(u.name, sizeof u.name, "效能监察");
		snprintf(u.pw_hash, sizeof u.pw_hash, "%s", hash);
		u.role = ROLE_SUPERVISOR;
		u.active = true;
		rc = store_user_insert(st, &u, now, &id);
	} else {
		if (!(rc = store_user_set_hash(st, u.id, hash)) &&
		    !(rc = store_user_sessions_end(st, u.id, NULL, &ended)))
			rc = store_throttle_clear_account(st, name);
	}
	if (rc || (rc = audit_as(st, now, 0, "服务器操作员", ROLE_SYSTEM,
	    created ? "staff.cli_create_supervisor" :
	    "staff.cli_reset_supervisor", "user", name, NULL,
	    json_pack("{s:s,s:I}", "os_user", os_user ? os_user : "",
	    "sessions_ended", (json_int_t)ended))) || (rc = store_commit(st)))
		goto out;
	store_close(st);
	printf("%s效能监察账号: %s  密码: %s\n", created ? "已创建" : "已重置",
	    name, pw);
	if (!u.active)
		printf("注意: 该账号已停用,须由另一名效能监察人员批准启用\n");
	return 0;
out:
	store_rollback(st);
	store_close(st);
	return fail(rc, "重置效能监察账号失败");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(const struct opts *);
	} verbs[] = {
		{"init", cmd_init},
		{"demo", cmd_demo},
		{"serve", cmd_serve},
		{"import-items", cmd_import_items},
		{"import-org", cmd_import_org},
		{"export-items", cmd_export_items},
		{"import-calendar", cmd_import_calendar},
		{"verify-audit", cmd_verify_audit},
		{"sweep", cmd_sweep},
		{"deliver", cmd_deliver},
		{"reset-supervisor", cmd_reset_supervisor},
		{"copy", cmd_copy},
	};
	struct opts o;
	int rc;

	if (argc < 2)
		return usage_error("缺少子命令");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		size_t n_files, bytes;

		printf("govhall %s\n", GH_VERSION);
		/* scripts and tests read this line: whether serve without
		 * --static has the web UI */
		if (http_ui_embedded(&n_files, &bytes))
			printf("web-ui: embedded, %zu files, %zu bytes\n",
			    n_files, bytes);
		else
			printf("web-ui: not embedded (built without web/dist)\n");
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "govhall: libsodium 初始化失败\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		if (strcmp(argv[1], verbs[i].name))
			continue;
		if ((rc = parse_opts(argc, argv, &o)))
			return rc;
		if ((o.db || o.from || o.n_pos > 0) &&
		    (rc = audit_paths(&o, o.db ? o.db : o.from ? o.from :
		    o.pos[0])))
			return rc;
		return verbs[i].run(&o);
	}
	return usage_error("未知的子命令: %s", argv[1]);
}
