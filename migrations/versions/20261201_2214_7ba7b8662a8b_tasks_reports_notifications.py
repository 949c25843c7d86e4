"""Create unit tasks, extension requests, criterion checks, reports with evidence, notifications, reminders sent; add users.email.

Revision ID: 7ba7b8662a8b
Revises: 622f1dfcd962
Create Date: 2026-12-01 22:14:31.382143

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7ba7b8662a8b'
down_revision = '622f1dfcd962'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('email_status', sa.Enum('none', 'pending', 'sending', 'sent', 'failed', name='email_status', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('email_claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('unit_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'support', name='unit_task_role', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('state', sa.Enum('not_started', 'in_progress', 'reported', 'accepted', 'confirmed', 'withdrawn', name='unit_task_state', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('extensions_granted', sa.Integer(), nullable=False),
    sa.Column('completed_late', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_up_directive_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_unit_tasks_assignment_id_assignments')),
    sa.ForeignKeyConstraint(['follow_up_directive_id'], ['directives.id'], name=op.f('fk_unit_tasks_follow_up_directive_id_directives')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_tasks_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_tasks')),
    sa.UniqueConstraint('assignment_id', 'unit_id', name=op.f('uq_unit_tasks_assignment_id'))
    )
    with op.batch_alter_table('unit_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_tasks_unit_id'), ['unit_id'], unique=False)

    op.create_table('criterion_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('repeat_count', sa.Integer(), nullable=False),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['unit_tasks.id'], name=op.f('fk_criterion_checks_task_id_unit_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_checks')),
    sa.UniqueConstraint('task_id', 'period', name=op.f('uq_criterion_checks_task_id'))
    )
    op.create_table('extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_deadline', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision', sa.Enum('pending', 'granted', 'refused', name='extension_decision', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_extension_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_extension_requests_requested_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['unit_tasks.id'], name=op.f('fk_extension_requests_task_id_unit_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_requests'))
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_requests_task_id'), ['task_id'], unique=False)

    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('slot', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['unit_tasks.id'], name=op.f('fk_reminders_sent_task_id_unit_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('task_id', 'kind', 'slot', name=op.f('uq_reminders_sent_task_id'))
    )
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('office_comment', sa.Text(), nullable=False),
    sa.Column('office_commented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.Enum('pending', 'accepted', 'returned', name='report_decision', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_reports_author_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_reports_decided_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['unit_tasks.id'], name=op.f('fk_reports_task_id_unit_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_task_id'), ['task_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('generated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_evidence_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_report_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_task_id'))

    op.drop_table('reports')
    op.drop_table('reminders_sent')
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_requests_task_id'))

    op.drop_table('extension_requests')
    op.drop_table('criterion_checks')
    with op.batch_alter_table('unit_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_tasks_unit_id'))

    op.drop_table('unit_tasks')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))

    op.drop_table('notifications')
