"""What a centre's calls can contain, read from its configuration (queue_server.centre_config.CentreConfig).

`voice_config_for` is duck-typed (it reads only attributes of the config it is given); `load_voice_config`,
for the voice CLI run on its own, imports the queue server's config loader to read the YAML.
"""

from __future__ import annotations

from .prefill import VoiceConfig


def voice_config_for(centre) -> VoiceConfig:
    """Prefixes of the fields the centre serves, its digits, counters, template and reading."""
    prefixes = tuple(dict.fromkeys(f.prefix for f in centre.fields if f.prefix))
    names = tuple(c.name for c in centre.counters) if "{counter_name}" in centre.announcement_template \
        or "{ten_quay}" in centre.announcement_template else ()
    return VoiceConfig(prefixes=prefixes or ("A",), digits=centre.digits,
                       counters=tuple(c.number for c in centre.counters),
                       templates=(centre.announcement_template,), reading=centre.announcement_reading,
                       counter_names=names)


def load_voice_config(location) -> VoiceConfig:
    """The VoiceConfig of the centre configured in `location` (a folder with centre.yaml, or the file)."""
    from queue_server.centre_config import load_centre_config

    return voice_config_for(load_centre_config(location))
