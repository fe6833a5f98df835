//! The router, keeping the list of paths it serves. The access test reads that list so that a
//! route added without an access rule fails the test suite (`tests/it/access.rs`); the methods of
//! each path come from the router's own 405 answer (its `Allow` header).

use super::AppState;
use axum::routing::MethodRouter;
use axum::Router;

pub struct Routes {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes::new()
    }
}

impl Routes {
    pub fn new() -> Routes {
        Routes { router: Router::new(), paths: Vec::new() }
    }

    pub fn route(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, handler);
        self.paths.push(path);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// A router built elsewhere (a library's), with the paths it serves named by the caller.
    pub fn merge_foreign(mut self, router: Router<AppState>, paths: &[&'static str]) -> Routes {
        self.router = self.router.merge(router);
        self.paths.extend_from_slice(paths);
        self
    }

    /// Applies layers to the routes gathered so far.
    pub fn wrap(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Routes {
        self.router = f(self.router);
        self
    }

    pub fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
