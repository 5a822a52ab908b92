/* The full-screen front end: the curses loop that feeds keys to the controller and redraws the
 * panel from the player's status. */
#include "ui/ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/panel.h"
#include "ui/signals.h"

static void apply_resize(int fd)
{
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    resize_term(ws.ws_row, ws.ws_col);
}

/* After kill -STOP and fg the shell has put its own terminal mode back (cooked, echoing); ncurses
 * only restores its mode itself after Ctrl-Z, which it handles. The panel's mode (cbreak, noecho,
 * keypad, as newterm's caller set it) goes back, and the whole screen is drawn again over what the
 * shell printed ("Stopped"). */
static void reapply_terminal_mode(void)
{
  reset_prog_mode();
  keypad(stdscr, TRUE);
  clearok(curscr, TRUE);
}

static void draw(struct controller *c, struct panel *panel)
{
  struct panel_view view = {.extra = {c->time_of, c->time_left, c->sleep_text},
                            .notice = c->cfg->notice,
                            .message = c->message,
                            .prompt = c->searching ? c->query : NULL,
                            .help = c->help,
                            .help_page = c->help_page,
                            .toc = c->toc,
                            .toc_sel = c->toc_sel,
                            .marks = c->marks ? c->cfg->bookmarks : NULL,
                            .marks_sel = c->marks_sel};
  panel_draw(panel, &c->st, &view);
  c->help_pages = panel_help_pages(panel);
}

/* Every key curses has ready, then what they asked to say (unless one was q). */
static void read_keys(struct controller *c)
{
  wint_t wc;
  int r;
  while ((r = get_wch(&wc)) != ERR) {
    if (r == KEY_CODE_YES && wc == KEY_RESIZE)
      continue;
    controller_key(c, r == KEY_CODE_YES ? KEYS_FN((int)wc) : (int)wc);
    if (c->quit)
      return;
  }
  controller_flush(c);
}

int ui_run(const struct ui_config *cfg)
{
  struct controller c;
  struct controller_player player;
  controller_player_real(cfg->player, &player);
  controller_init(&c, cfg, &player, false);
  struct panel *panel;
  if (panel_new(cfg->doc, cfg->keys, cfg->colour, &panel) != 0) {
    controller_done(&c);
    return 0;
  }

  panel_set_max_width(panel, cfg->max_width);
  nodelay(stdscr, TRUE);
  keypad(stdscr, TRUE);
  uint64_t drawn_serial = UINT64_MAX;
  bool dirty = true;
  int out_fd = fileno(stdout);
  while (!c.quit && !signals_quit()) {
    if (signals_take_resize()) {
      apply_resize(isatty(out_fd) ? out_fd : cfg->in_fd);
      dirty = true;
    }
    if (signals_take_continued()) {
      reapply_terminal_mode();
      dirty = true;
    }
    controller_update(&c);
    if (dirty || c.st.serial != drawn_serial) {
      draw(&c, panel);
      drawn_serial = c.st.serial;
      dirty = false;
    }
    struct pollfd fds[2] = {{.fd = cfg->in_fd, .events = POLLIN},
                            {.fd = cfg->wake_fd, .events = POLLIN}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (fds[1].revents)
      signals_drain(cfg->wake_fd);
    if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
      signals_hangup();   /* the terminal went away: nobody is left to press q */
      break;
    }
    if (fds[0].revents & POLLIN) {
      read_keys(&c);
      dirty = true;
    }
  }
  panel_free(panel);
  controller_done(&c);
  return c.quit ? 0 : signals_quit();
}
