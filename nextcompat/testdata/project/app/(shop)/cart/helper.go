package route

func helper() string { return "from a sibling" }
