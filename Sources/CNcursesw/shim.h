// The only door to ncursesw. The wide-character API needs these before curses.h;
// macros and globals that Swift cannot import are wrapped as inline functions.
#ifndef RAPPORT_NCURSES_SHIM_H
#define RAPPORT_NCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *rapport_stdscr(void) { return stdscr; }
static inline int rapport_lines(void) { return LINES; }
static inline int rapport_cols(void) { return COLS; }
static inline int rapport_colors(void) { return COLORS; }
static inline attr_t rapport_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t rapport_a_bold(void) { return A_BOLD; }
static inline attr_t rapport_a_dim(void) { return A_DIM; }
static inline attr_t rapport_a_reverse(void) { return A_REVERSE; }
static inline attr_t rapport_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rapport_a_normal(void) { return A_NORMAL; }
static inline attr_t rapport_a_italic(void) { return A_ITALIC; }
static inline int rapport_color_pairs(void) { return COLOR_PAIRS; }
static inline mmask_t rapport_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int rapport_button1(mmask_t state) {
    return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
}
static inline int rapport_button1_double(mmask_t state) { return (state & BUTTON1_DOUBLE_CLICKED) != 0; }
static inline int rapport_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int rapport_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

/// Draws one cell: a grapheme given as wide characters, with attributes and a colour pair.
static inline int rapport_put(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

extern int wcwidth(wchar_t c);

#endif
