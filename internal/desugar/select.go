package desugar

import "reflect"

// The Select functions run one select statement of route code (see interp's
// selects pass): the interpreter's own select kept one array of cases per
// statement, which goroutines running the statement at once overwrote for
// each other; here each run has its own. dirs has a letter for each
// communication case, in order: 'r' for a receive, 's' for a send, and
// ends in 'd' when the statement has a default case. Each case is given as
// three operands: the channel (a nil channel is never ready); a pointer to
// the value to send, or to the variable a received value is stored in
// (nil drops it); and, for a receive, a pointer to the bool set to whether
// the value came from a send rather than from a closed channel (nil drops
// it). They wait until one case can proceed, or, with a default, do not
// wait when none can; they communicate and return the index of the case,
// or -1 for the default. Select1 to Select4 spare the interpreter the
// variadic call of Select, which takes the operands of any number of
// cases.

// Select1 runs a select statement of one communication case.
func Select1(dirs string, ch0, v0 any, ok0 *bool) int {
	return run(dirs, []operands{{ch0, v0, ok0}})
}

// Select2 runs a select statement of two communication cases.
func Select2(dirs string, ch0, v0 any, ok0 *bool, ch1, v1 any, ok1 *bool) int {
	return run(dirs, []operands{{ch0, v0, ok0}, {ch1, v1, ok1}})
}

// Select3 runs a select statement of three communication cases.
func Select3(dirs string, ch0, v0 any, ok0 *bool, ch1, v1 any, ok1 *bool, ch2, v2 any, ok2 *bool) int {
	return run(dirs, []operands{{ch0, v0, ok0}, {ch1, v1, ok1}, {ch2, v2, ok2}})
}

// Select4 runs a select statement of four communication cases.
func Select4(dirs string, ch0, v0 any, ok0 *bool, ch1, v1 any, ok1 *bool, ch2, v2 any, ok2 *bool, ch3, v3 any, ok3 *bool) int {
	return run(dirs, []operands{{ch0, v0, ok0}, {ch1, v1, ok1}, {ch2, v2, ok2}, {ch3, v3, ok3}})
}

// Select runs a select statement of any number of communication cases,
// given as ops: three operands for each case, in order.
func Select(dirs string, ops ...any) int {
	cases := make([]operands, len(ops)/3)
	for i := range cases {
		ok, _ := ops[3*i+2].(*bool)
		cases[i] = operands{ops[3*i], ops[3*i+1], ok}
	}
	return run(dirs, cases)
}

// operands are the operands of one communication case.
type operands struct {
	ch, v any
	ok    *bool
}

// run runs a select statement of cases.
func run(dirs string, cases []operands) int {
	var small [5]reflect.SelectCase
	rc := small[:0]
	for i, c := range cases {
		sc := reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.ch)}
		if dirs[i] == 's' {
			sc.Dir, sc.Send = reflect.SelectSend, reflect.ValueOf(c.v).Elem()
		}
		rc = append(rc, sc)
	}
	if len(dirs) > len(cases) {
		rc = append(rc, reflect.SelectCase{Dir: reflect.SelectDefault})
	}
	i, v, ok := reflect.Select(rc)
	if i == len(cases) {
		return -1
	}
	if c := cases[i]; dirs[i] == 'r' {
		if c.v != nil {
			reflect.ValueOf(c.v).Elem().Set(v)
		}
		if c.ok != nil {
			*c.ok = ok
		}
	}
	return i
}
