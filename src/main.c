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
#include "http/http.h"
#include "notify/outbox.h"
#include "store/store.h"
#include "util/file.h"
#include "util/gh_err.h"
#include "util/log.h"

#define FILE_MAX (64u << 20)

static const char usage_text[] =
    "govhall " GH_VERSION " - 政务服务中心一体化平台\n"
    "\n"
    "用法 / usage:\n"
    "  govhall init DB [--centre NAME] [--admin-password PW]\n"
    "  govhall demo DB [--today YYYY-MM-DD]\n"
    "  govhall serve --db DB [--listen 127.0.0.1:8080] [--today YYYY-MM-DD]\n"
    "                [--static DIR] [--threads N] [--tz Asia/Shanghai]\n"
    "                [--sweep-interval SECONDS]  (0: no periodic supervision)\n"
    "                [--group-commit]  (one fsync shared by concurrent commits)\n"
    "                [--wal-limit MIB] (TRUNCATE checkpoint past it; default 64)\n"
    "  govhall import-items DB FILE [--format csv|json]\n"
    "  govhall export-items DB [--format csv|json]\n"
    "  govhall import-calendar DB FILE [--region ID]\n"
    "  govhall verify-audit DB\n"
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
	long threads, region, sweep_s;
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
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:8080";
	o->threads = 4;
	o->sweep_s = 60;
	o->today = DAY_NONE;
	o->tz = getenv("GOVHALL_TZ") ? getenv("GOVHALL_TZ") : "Asia/Shanghai";
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

static int open_db(const char *path, store **st)
{
	int err = store_open(path, st);

	if (err)
		fprintf(stderr, "govhall: 无法打开数据库 %s: %s\n", path,
		    gh_err_info(err)->message);
	return err;
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

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	if (store_root_region(st, &region) != GH_ENOTFOUND) {
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
	store_close(st);
	printf("已创建 %s\n管理员账号: admin  密码: %s\n", o->pos[0], pw);
	return 0;
}

static int cmd_demo(const struct opts *o)
{
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = demo_build(st, today_of(o));
	store_close(st);
	if (rc == GH_ECONFLICT) {
		fprintf(stderr, "govhall: %s 中已有数据,未创建演示中心\n", o->pos[0]);
		return 1;
	}
	return rc ? fail(rc, "创建演示中心失败") : 0;
}

static void sweep_tick(store *st, int32_t today, int64_t now);

static int cmd_serve(const struct opts *o)
{
	struct server_config cfg = {
		.db_path = o->db, .listen = o->listen, .static_dir = o->static_dir,
		.threads = (int)o->threads, .fixed_today = o->today,
		.tick = sweep_tick, .tick_interval_s = (int)o->sweep_s,
	};
	store *st;
	int rc;

	if (!o->db)
		return usage_error("serve 需要 --db DB");
	if ((rc = need_pos(o, 0, "")))
		return rc;
	/* Open once here: migrations run before any worker starts. */
	if (open_db(o->db, &st))
		return 1;
	store_close(st);
	rc = server_run(&cfg, api_routes, api_route_count);
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
out:
	store_calendar_entries_free(entries, n);
	store_close(st);
	calendar_cache_clear();
	return rc;
}

static void print_sweep(const struct sweep_report *r)
{
	printf("巡查: 检查在办件%zu件, 补正超时驳回%zu件, 新增异常%zu条, "
	    "黄牌/红牌%zu张, 提醒%zu条, 新发督办单%zu件, 清理过期会话等%lld条\n",
	    r->scanned, r->expired, r->anomalies, r->cards, r->notifications,
	    r->notices_issued, (long long)r->purged);
}

/* The serve thread's periodic supervision pass, then the delivery of the
 * reminders it queued (and of any still due): a failed sweep does not hold
 * back messages queued by earlier ones. */
static void sweep_tick(store *st, int32_t today, int64_t now)
{
	struct sweep_report r;
	struct outbox_report d;
	int err = watch_sweep(st, today, now, &r);

	if (err)
		log_error("sweep failed: %s", gh_err_info(err)->message);
	else if (r.expired || r.anomalies || r.cards || r.notifications ||
	    r.notices_issued)
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
	store_close(st);
	calendar_cache_clear();
	if (rc)
		return fail(rc, "巡查失败");
	print_sweep(&r);
	return 0;
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
	store_close(st);
	if (rc)
		return fail(rc, "发送提醒失败");
	printf("发送提醒: 已发送%zu条, 待重试%zu条, 最终失败%zu条(其中过期%zu条), "
	    "顺延%zu条, 渠道未配置而待发%zu条\n", r.sent, r.retrying, r.failed,
	    r.expired, r.deferred, r.unconfigured);
	return 0;
}

static int cmd_verify_audit(const struct opts *o)
{
	int64_t count, bad;
	store *st;
	int rc;

	if ((rc = need_pos(o, 1, "DB")))
		return rc;
	if (open_db(o->pos[0], &st))
		return 1;
	rc = store_audit_verify(st, &count, &bad);
	store_close(st);
	if (rc == GH_ECONFLICT) {
		printf("审计记录链在第%lld条处断裂(已校验%lld条)\n", (long long)bad,
		    (long long)count);
		return 1;
	}
	if (rc)
		return fail(rc, "校验失败");
	printf("审计记录完整: %lld条\n", (long long)count);
	return 0;
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
		{"export-items", cmd_export_items},
		{"import-calendar", cmd_import_calendar},
		{"verify-audit", cmd_verify_audit},
		{"sweep", cmd_sweep},
		{"deliver", cmd_deliver},
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
		printf("govhall %s\n", GH_VERSION);
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
		return verbs[i].run(&o);
	}
	return usage_error("未知的子命令: %s", argv[1]);
}
