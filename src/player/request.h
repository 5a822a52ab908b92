/* What speed, volume and voice a command leads to: the one rule for both sides. The UI's status
 * shows it as soon as a command is queued (under the player's lock), the player thread applies
 * it. Pure: no player, no thread. */
#ifndef LECTOR_PLAYER_REQUEST_H
#define LECTOR_PLAYER_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "player/player.h"

struct player_request {
  int wpm, volume;
  size_t voice_index;
  /* What the listener's keys added to the profile's speed and volume: kept when the voice
   * changes (+50 wpm stays +50 on the next voice). */
  int wpm_offset, volume_offset;
  bool muted;   /* MUTE: nothing is heard; volume keeps what unmuting gives back */
};

/* Voice voice_index of cfg at its own speed and volume, held within the reading limits. */
struct player_request player_request_voice(const struct player_config *cfg, size_t voice_index);

/* What cmd (with arg) leads to from r: SPEED and VOLUME change by arg within the reading
 * limits, NEXT_VOICE takes the next profile (when there are several) with its speed and
 * volume plus the offsets the keys chose, MUTE toggles muted; other commands leave r. */
struct player_request player_request_after(const struct player_config *cfg,
                                           struct player_request r, enum player_command cmd,
                                           long arg);

#endif
