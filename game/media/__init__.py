"""What a player sees and hears: the drawing kit (palette, fonts, panels, particles) and synthesised sound."""
