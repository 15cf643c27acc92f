// Package approuter is the model of a Next.js App Router app directory, as
// devserver serves it: which files define URLs (route.go, page.go,
// page.html) and which folders are groups, slots, private or dynamic
// segments; the route table those files make, in Next.js precedence order,
// with the conflicts Next.js reports; matching a request path against the
// table; a route's segment config (Dynamic, Revalidate, DynamicParams,
// GenerateStaticParams); and which file is the proxy.
//
// It also defines what every loader of route code hands back, interpreted
// in development or compiled in a production build, so the packages that
// load routes and the one that serves them share one vocabulary without
// importing each other.
//
// It reads no HTTP requests and runs no handlers: the server package does.
package approuter
