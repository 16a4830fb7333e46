-- SQLite's migration of this number puts listed events' points and times
-- in an R*Tree for the search near a place; PostgreSQL answers the same
-- statement (ListedEventPointsNear) from the index events_coords.
SELECT 1;
