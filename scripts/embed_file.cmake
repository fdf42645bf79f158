# Embeds one file as a C array: -DIN=file -DOUT=file.c -DNAME=symbol
file(READ ${IN} data HEX)
string(LENGTH "${data}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," data "${data}")
file(WRITE ${OUT} "/* generated from ${IN} - do not edit */\nstatic const unsigned char ${NAME}_data[] = {${data}0x00};\nconst char *const ${NAME} = (const char *)${NAME}_data;\nconst unsigned long ${NAME}_len = ${len};\n")
