// Cold start of node itself: an empty program.
