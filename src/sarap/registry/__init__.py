"""The organisational model of Decree 1404: bodies, duties, measures, plans and exercises."""
