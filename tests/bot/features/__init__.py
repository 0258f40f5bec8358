"""Each feature's handlers, in process: a real dispatcher, a recording Bot session."""
