"""Hardware behind small typed interfaces: one port per device, a real adapter and a simulator."""
