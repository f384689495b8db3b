package components

import "context"

type directoryPathKey struct{}

// PublicDirectoryPath is where the public directory lives.
const PublicDirectoryPath = "/organizacje"

// WithDirectoryPath makes the directory pages rendered with ctx link to
// their own kind under path: the staff's preview of the working copy keeps
// its links inside the preview.
func WithDirectoryPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, directoryPathKey{}, path)
}

// DirectoryPath is the path of the directory pages in ctx.
func DirectoryPath(ctx context.Context) string {
	if p, ok := ctx.Value(directoryPathKey{}).(string); ok {
		return p
	}
	return PublicDirectoryPath
}

// Previewing tells whether ctx renders the staff's preview.
func Previewing(ctx context.Context) bool {
	return DirectoryPath(ctx) != PublicDirectoryPath
}
