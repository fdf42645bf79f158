/*
 * demo_data.c - the demo centre's data (demo_data.h): the organisation and
 * catalogue files embedded from data/demo/, read through the importers'
 * parsers, and the deterministic generators of fake applicant data.
 *
 * The files were exported once from the C tables that used to live here
 * (the 灵川县 shape of shared/seeds/000: 9 乡镇(片区) and 74 村(社区) under
 * the county, 46 departments, 46 windows, 131 staff on 48 A/B posts, 471
 * items of which 393 are in the hall); they are now the source, edited as
 * data and checked by tests/unit/test_demo_data.c.
 *
 * Thread-safety: the embedded texts are constant; every function writes
 * only caller memory.  Reentrant.  No I/O but the log on a broken file.
 */
#include "demo/demo_data.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idcode.h"
#include "util/gh_err.h"
#include "util/log.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

extern const char *const embedded_demo_org_json;
extern const unsigned long embedded_demo_org_json_len;
extern const char *const embedded_demo_items_csv;
extern const unsigned long embedded_demo_items_csv_len;

static void log_errors(const char *what, const struct item_errors *errs)
{
	for (size_t i = 0; i < errs->n && i < 20; i++)
		log_error("%s: 第%d条 %s: %s", what, errs->v[i].line,
		    errs->v[i].field, errs->v[i].message);
}

int demo_org(struct org_file **out)
{
	struct item_errors errs = {0};
	int err = org_parse_json(embedded_demo_org_json,
	    embedded_demo_org_json_len, out, &errs);

	log_errors("data/demo/org.json", &errs);
	item_errors_clear(&errs);
	return err;
}

int demo_items(struct item **out, size_t *n)
{
	struct item_errors errs = {0};
	int err = items_parse_csv(embedded_demo_items_csv,
	    embedded_demo_items_csv_len, out, n, &errs);

	log_errors("data/demo/items.csv", &errs);
	item_errors_clear(&errs);
	return err;
}

/* ---- deterministic generators ---- */

/* A 32-bit integer hash (a "lowbias32" finaliser): neighbouring seeds give
 * unrelated values, the same seed always the same value. */
static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= UINT32_C(0x7feb352d);
	x ^= x >> 15;
	x *= UINT32_C(0x846ca68b);
	x ^= x >> 16;
	return x;
}

/* Common surnames, the frequent ones listed more than once so that they
 * come up more often; 韦 覃 莫 蒙 are common in 广西. */
static const char *const surnames[] = {
	"李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
	"李", "王", "张", "刘", "陈", "杨", "黄", "唐", "蒋", "秦",
	"徐", "孙", "朱", "马", "胡", "郭", "林", "何", "高", "梁",
	"郑", "罗", "谢", "韩", "邓", "冯", "曾", "彭", "潘", "廖",
	"韦", "覃", "莫", "蒙", "陆", "文", "阳", "龙", "卢", "石",
	"苏", "叶", "蔡", "钟", "龚", "汤", "伍", "全", "邹", "毛",
};

static const char *const given_chars[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
	"刚", "桂", "英", "华", "玉", "兰", "红", "梅", "琳", "建",
	"国", "文", "志", "海", "春", "晓", "燕", "斌", "宇", "浩",
	"凯", "鹏", "俊", "鑫", "婷", "雪", "慧", "颖", "佳", "欣",
	"宁", "思", "雨", "博", "涵", "嘉", "瑞", "晨", "凤", "云",
	"莲", "金", "德", "荣", "昌", "福", "贵", "祥", "永", "秋",
};

void demo_person_name(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0x9e3779b9));
	const char *s = surnames[h % ARRAY_LEN(surnames)];
	const char *g1 = given_chars[(h >> 8) % ARRAY_LEN(given_chars)];
	const char *g2 = given_chars[(h >> 16) % ARRAY_LEN(given_chars)];

	if (cap == 0)
		return;
	/* About a quarter of the names have a one-character given name. */
	if (((h >> 28) & 3) == 0 || strcmp(g1, g2) == 0)
		g2 = "";
	snprintf(out, cap, "%s%s%s", s, g1, g2);
}

static const char *const company_words[] = {
	"福顺", "永盛", "桂达", "兴旺", "恒通", "鑫源", "华泰", "金桂",
	"瑞丰", "宏远", "鸿运", "昌隆", "甘棠", "德信", "聚源", "顺达",
	"嘉禾", "天成", "万和", "润丰", "民安", "家和", "新宇", "青山",
	"漓水", "锦程", "丰源", "广信", "泰和", "诚远",
};

static const char *const company_trades[] = {
	"商贸", "建材", "农业开发", "食品", "物流", "旅游开发", "电子科技",
	"建筑工程", "餐饮管理", "汽车服务", "果业", "生态农业", "养殖",
	"广告传媒", "装饰工程", "医药", "茶业", "砂石",
};

void demo_company_name(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0x85ebca6b));
	const char *w = company_words[h % ARRAY_LEN(company_words)];
	const char *t = company_trades[(h >> 8) % ARRAY_LEN(company_trades)];
	const char *form = ((h >> 20) % 5 == 0) ? "有限责任公司" : "有限公司";

	if (cap == 0)
		return;
	snprintf(out, cap, "灵川县%s%s%s", w, t, form);
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

void demo_id_number(uint32_t seed, char *out, size_t cap)
{
	uint32_t h = mix32(seed ^ UINT32_C(0xc2b2ae35));
	uint32_t h2 = mix32(h);
	int year = 1950 + (int)(h % 56);      /* 1950 .. 2005 */
	int month = 1 + (int)((h >> 8) % 12);
	int day = 1 + (int)((h >> 16) % (uint32_t)days_in_month(year, month));
	int seq = (int)(h2 % 1000);
	char buf[32];

	if (cap == 0)
		return;
	snprintf(buf, sizeof(buf), "450323%04d%02d%02d%03d", year, month, day,
	    seq);
	buf[17] = idcode_person_check_char(buf);
	buf[18] = '\0';
	snprintf(out, cap, "%s", buf);
}

void demo_credit_code(uint32_t n, char *out, size_t cap)
{
	/* GB 32100: 17 characters of the code's alphabet, then the check
	 * character */
	char buf[24];

	if (cap == 0)
		return;
	snprintf(buf, sizeof buf, "91450323MA5L%05u", (unsigned)(n % 100000));
	buf[17] = idcode_credit_check_char(buf);
	buf[18] = '\0';
	snprintf(out, cap, "%s", buf);
}

void demo_phone(uint32_t seed, char *out, size_t cap)
{
	static const char *const prefixes[] = {
		"139", "138", "137", "136", "135", "150", "151", "152", "158",
		"159", "187", "188", "130", "131", "132", "155", "156", "186",
		"133", "153", "180", "189", "177", "173", "199", "178",
	};
	uint32_t h = mix32(seed ^ UINT32_C(0x27d4eb2f));
	uint32_t h2 = mix32(h);

	if (cap == 0)
		return;
	snprintf(out, cap, "%s%04u%04u", prefixes[h % ARRAY_LEN(prefixes)],
	    (unsigned)((h >> 8) % 10000), (unsigned)(h2 % 10000));
}

