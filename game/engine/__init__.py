"""The engine: the window, the frame loop and its pacing, input, the board feed, safety and quality watches."""
