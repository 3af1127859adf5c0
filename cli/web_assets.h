/* web_assets.h - the editor's page, built into the binary by tools/embed.c
 * from the files in web/ (see the Makefile). */
#ifndef CD_WEB_ASSETS_H
#define CD_WEB_ASSETS_H

#include <stddef.h>

typedef struct cli_asset {
    const char *path;           /* "/", "/app.js", ... */
    const char *type;           /* its Content-Type */
    const unsigned char *data;
    size_t len;
} cli_asset;

extern const cli_asset cli_assets[];
extern const size_t cli_nassets;

#endif
