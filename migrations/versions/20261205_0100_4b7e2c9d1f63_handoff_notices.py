"""Announce each hand-off once (a notification's event key, unique per user), and let each user
choose how notifications are e-mailed: at once, in a daily digest, or never.

Revision ID: 4b7e2c9d1f63
Revises: 21ef64198f34
Create Date: 2026-12-05 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7e2c9d1f63'
down_revision = '21ef64198f34'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_key', sa.String(length=120), nullable=True))
        batch_op.create_index('ix_notifications_user_event', ['user_id', 'event_key'], unique=True)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_frequency', sa.Enum('immediate', 'daily', 'never', name='email_frequency', native_enum=False, create_constraint=True, length=9), server_default='immediate', nullable=False))
        batch_op.add_column(sa.Column('digest_sent_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_sent_on')
        batch_op.drop_constraint(batch_op.f('ck_users_email_frequency'), type_='check')
        batch_op.drop_column('email_frequency')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_event')
        batch_op.drop_column('event_key')
