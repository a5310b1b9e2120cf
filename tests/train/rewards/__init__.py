"""Tests of aoi.train.rewards."""
