"""What each office must do next, gathered from every group (imported by the edges only, so it may read them all)."""
