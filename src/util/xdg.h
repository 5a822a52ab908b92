/* lector's directories under the XDG base directory specification. */
#ifndef LECTOR_UTIL_XDG_H
#define LECTOR_UTIL_XDG_H

/* "$XDG_CONFIG_HOME/lector" (default ~/.config/lector); malloc'd, NULL when neither
 * XDG_CONFIG_HOME nor HOME is set or memory is short. */
char *xdg_config_dir(void);
/* "$XDG_STATE_HOME/lector" (default ~/.local/state/lector); malloc'd or NULL. */
char *xdg_state_dir(void);
/* "$XDG_CACHE_HOME/lector" (default ~/.cache/lector); malloc'd or NULL. */
char *xdg_cache_dir(void);

/* Creates dir and its parents (mode 0700 for the ones it creates). Returns 0 or -errno. */
int xdg_mkdir_p(const char *dir);

#endif
