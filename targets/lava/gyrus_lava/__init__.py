"""gyrus's Lava bridge: compiled images (.gimg) as Lava networks (docs/lava.md).

gimg and network need only numpy; lava_net, processes and server import Lava
(through compat, which handles Python >= 3.11).
"""
