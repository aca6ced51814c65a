"""What makes HA's ``demo`` integration look like a real home: floors, rooms, names and aliases."""

from __future__ import annotations

from dataclasses import dataclass

CONFIGURATION_YAML = """\
# Written by 'assistant demo-home'. A real Home Assistant Core with its demo devices.
homeassistant:
  name: Demo Home
  latitude: 52.37
  longitude: 4.89
  elevation: 0
  unit_system: metric
  time_zone: UTC
  currency: EUR
  country: GB
  # Demo devices without a unique ID cannot be renamed in the registry; customize names them.
  customize:
    lock.front_door:
      friendly_name: Front Door
    lock.kitchen_door:
      friendly_name: Back Door
    lock.poorly_installed_door:
      friendly_name: Garage Side Door
    lock.openable_lock:
      friendly_name: Shed Lock
    media_player.living_room:
      friendly_name: Living Room TV
    media_player.bedroom:
      friendly_name: Bedroom Speaker
    media_player.kitchen:
      friendly_name: Kitchen Radio
    media_player.walkman:
      friendly_name: Office Speaker
    vacuum.0_ground_floor:
      friendly_name: Downstairs Vacuum
    vacuum.1_first_floor:
      friendly_name: Upstairs Vacuum
    alarm_control_panel.security:
      friendly_name: Alarm
    humidifier.humidifier:
      friendly_name: Bedroom Humidifier
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
websocket_api:
config:
onboarding:
demo:
logger:
  default: warning
scene:
  - name: Movie Time
    entities:
      light.living_room_rgbww_lights:
        state: "on"
        brightness: 60
      light.ceiling_lights: "off"
  - name: Bright Morning
    entities:
      light.kitchen_lights:
        state: "on"
        brightness: 255
# A smart plug's switch for the kitchen's coffee maker ('I need a coffee'). Optimistic: no
# real plug behind it, HA keeps the state it was last set to.
switch:
  - platform: template
    switches:
      coffee_maker:
        unique_id: demo_coffee_maker
        friendly_name: Coffee Maker
        turn_on:
          - delay: 0
        turn_off:
          - delay: 0
script:
  good_night:
    alias: Good Night
    sequence:
      - service: light.turn_off
        target:
          entity_id: all
      - service: lock.lock
        target:
          entity_id: lock.front_door
"""


@dataclass(frozen=True)
class DemoArea:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoEntity:
    entity_id: str
    area: str
    name: str | None = None
    """A friendlier name than the demo's; ``None`` keeps the demo's own."""
    aliases: tuple[str, ...] = ()
    registered: bool = True
    """False for demo devices without a unique ID: HA's registry cannot name or place them,
    so configuration.yaml's ``customize`` names them, and the project's config.yaml gives their
    room (``entity_areas``) and aliases."""

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]


AREAS = (
    DemoArea("Living Room", ("lounge",)),
    DemoArea("Kitchen"),
    DemoArea("Hallway", ("hall", "entrance")),
    DemoArea("Garage"),
    DemoArea("Bedroom", ("master bedroom",)),
    DemoArea("Office", ("study",)),
    DemoArea("Garden", ("backyard",)),
)

ENTITIES = (
    DemoEntity("light.living_room_rgbww_lights", "Living Room", "Living Room Lights", ("sofa lights",)),
    DemoEntity("light.kitchen_lights", "Kitchen", "Kitchen Lights"),
    DemoEntity("light.bed_light", "Bedroom", "Bedroom Lamp", ("bedside lamp",)),
    DemoEntity("light.ceiling_lights", "Bedroom", "Bedroom Ceiling Light"),
    DemoEntity("light.office_rgbw_lights", "Office", "Office Lights", ("desk lights",)),
    DemoEntity("light.entrance_color_white_lights", "Hallway", "Hallway Lights", ("entrance lights",)),
    DemoEntity("switch.decorative_lights", "Living Room", "Fairy Lights", ("decorative lights",)),
    DemoEntity("switch.ac", "Bedroom", "Air Conditioner", ("ac",)),
    DemoEntity("switch.coffee_maker", "Kitchen", "Coffee Maker", ("coffee machine",)),
    DemoEntity("climate.heatpump", "Living Room", "Living Room Thermostat", ("heat pump",)),
    DemoEntity("climate.hvac", "Bedroom", "Bedroom Thermostat"),
    DemoEntity("climate.ecobee", "Office", "Office Thermostat", ("ecobee",)),
    DemoEntity("cover.living_room_window", "Living Room", "Living Room Blinds", ("living room window",)),
    DemoEntity("cover.kitchen_window", "Kitchen", "Kitchen Blinds", ("kitchen window",)),
    DemoEntity("cover.hall_window", "Hallway", "Hallway Blinds", ("hall window",)),
    DemoEntity("cover.garage_door", "Garage", "Garage Door"),
    DemoEntity("cover.pergola_roof", "Garden", "Pergola Roof", ("pergola",)),
    DemoEntity("lock.front_door", "Hallway", "Front Door", registered=False),
    DemoEntity("lock.kitchen_door", "Kitchen", "Back Door", registered=False),
    DemoEntity("lock.poorly_installed_door", "Garage", "Garage Side Door", registered=False),
    DemoEntity("lock.openable_lock", "Garden", "Shed Lock", registered=False),
    DemoEntity("media_player.living_room", "Living Room", "Living Room TV", registered=False),
    DemoEntity("media_player.bedroom", "Bedroom", "Bedroom Speaker", registered=False),
    DemoEntity("media_player.kitchen", "Kitchen", "Kitchen Radio", registered=False),
    DemoEntity("media_player.walkman", "Office", "Office Speaker", registered=False),
    DemoEntity("fan.living_room_fan", "Living Room", "Living Room Fan"),
    DemoEntity("fan.ceiling_fan", "Bedroom", "Bedroom Ceiling Fan"),
    DemoEntity("vacuum.0_ground_floor", "Hallway", "Downstairs Vacuum", registered=False),
    DemoEntity("vacuum.1_first_floor", "Office", "Upstairs Vacuum", registered=False),
    DemoEntity("sensor.outside_temperature", "Garden", "Outside Temperature"),
    DemoEntity("sensor.outside_humidity", "Garden", "Outside Humidity"),
    DemoEntity("binary_sensor.movement_backyard", "Garden", "Garden Motion", ("backyard motion",)),
    DemoEntity("binary_sensor.basement_floor_wet", "Garage", "Garage Leak Sensor"),
    DemoEntity("alarm_control_panel.security", "Hallway", "Alarm", registered=False),
    DemoEntity("humidifier.humidifier", "Bedroom", "Bedroom Humidifier", registered=False),
    DemoEntity("todo.shopping_list", "Kitchen", "Shopping List", ("groceries",)),
    DemoEntity("sensor.carbon_dioxide", "Office", "Office CO2", ("carbon dioxide",)),
)
