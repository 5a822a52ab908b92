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
  switch (cmd) {
  case PLAYER_SPEED:
    r.wpm = reading_clamp((long)r.wpm + arg, READING_SPEED_MIN, READING_SPEED_MAX);
    break;
  case PLAYER_VOLUME:
    r.volume = reading_clamp((long)r.volume + arg, READING_VOLUME_MIN, READING_VOLUME_MAX);
    break;
  case PLAYER_NEXT_VOICE:
    if (cfg->n_voices >= 2)
      r = player_request_voice(cfg, (r.voice_index + 1) % cfg->n_voices);
    break;
  default:
    break;
  }
  return r;
}
