/* What speed, volume and voice a command leads to (see request.h). */
#include "player/request.h"

#include "speech/reading_rules.h"

struct player_request player_request_voice(const struct player_config *cfg, size_t voice_index)
{
  const struct voice_profile *v = &cfg->voices[voice_index];
  return (struct player_request){
    .wpm = reading_clamp(v->speed, READING_SPEED_MIN, READING_SPEED_MAX),
    .volume = reading_clamp(v->volume, READING_VOLUME_MIN, READING_VOLUME_MAX),
    .voice_index = voice_index,
  };
}

struct player_request player_request_after(const struct player_config *cfg,
                                           struct player_request r, enum player_command cmd,
                                           long arg)
{
  struct player_request base = player_request_voice(cfg, r.voice_index);
  switch (cmd) {
  case PLAYER_SPEED:
    r.wpm = reading_clamp((long)r.wpm + arg, READING_SPEED_MIN, READING_SPEED_MAX);
    r.wpm_offset = r.wpm - base.wpm;
    break;
  case PLAYER_VOLUME:
    r.volume = reading_clamp((long)r.volume + arg, READING_VOLUME_MIN, READING_VOLUME_MAX);
    r.volume_offset = r.volume - base.volume;
    break;
  case PLAYER_NEXT_VOICE:
    if (cfg->n_voices >= 2) {
      struct player_request next = player_request_voice(cfg, (r.voice_index + 1) % cfg->n_voices);
      next.wpm = reading_clamp((long)next.wpm + r.wpm_offset, READING_SPEED_MIN,
                               READING_SPEED_MAX);
      next.volume = reading_clamp((long)next.volume + r.volume_offset, READING_VOLUME_MIN,
                                  READING_VOLUME_MAX);
      next.wpm_offset = r.wpm_offset;
      next.volume_offset = r.volume_offset;
      next.muted = r.muted;
      r = next;
    }
    break;
  case PLAYER_MUTE:
    r.muted = !r.muted;
    break;
  default:
    break;
  }
  return r;
}
