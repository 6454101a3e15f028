import { Component, type ReactNode } from 'react';

/** Keeps one broken panel from blanking the editor; the message says which part failed. */
export class ErrorBoundary extends Component<{ what: string; children: ReactNode }, { failed: string | null }> {
  state = { failed: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }

  componentDidUpdate(previous: { children: ReactNode }) {
    if (previous.children !== this.props.children && this.state.failed) this.setState({ failed: null });
  }

  render() {
    if (this.state.failed) {
      return (
        <div className="panel-error" role="alert">
          The {this.props.what} could not be shown: {this.state.failed}
        </div>
      );
    }
    return this.props.children;
  }
}
