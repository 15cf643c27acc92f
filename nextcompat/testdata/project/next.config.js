module.exports = {
  experimental: { goRoutes: true },
}
